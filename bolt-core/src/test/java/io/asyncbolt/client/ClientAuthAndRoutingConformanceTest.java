package io.asyncbolt.client;

import static io.asyncbolt.client.ClientConformanceTest.oneRowOrSuccess;
import static io.asyncbolt.client.ClientConformanceTest.routingTable;
import static io.asyncbolt.client.ScriptedServer.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Re-authentication, verifyAuthentication, per-database leadership, invalid routing tables, liveness
 * checks and the end of a transaction, as Neo4j's driver conformance suite (testkit) checks them.
 */
class ClientAuthAndRoutingConformanceTest extends ScriptedClientTests {

    private static final AuthToken ALICE = AuthToken.basic("alice", "pw");

    @Test
    void sessionAuthReauthenticatesPipelinedWithTheNextRequest() throws Exception {
        AtomicInteger logons = new AtomicInteger();
        // like boltstub: LOGOFF/LOGON of a pooled connection are answered only once the next request arrives
        ScriptedServer server = server(BoltVersion.V5_1, (c, request) -> {
            if (request instanceof LogoffMessage) {
                return List.of(ScriptedServer.HOLD);
            }
            if (request instanceof LogonMessage) {
                return logons.incrementAndGet() == 1 ? List.of() : List.of(ScriptedServer.HOLD);
            }
            return oneRowOrSuccess(request);
        });
        BoltClient client = client(server.uri("bolt"), ClientConfig.defaults());
        await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync));

        List<Record> records = client.session(SessionConfig.defaults().withAuth(ALICE)).run("RETURN 2")
                .thenCompose(ResultCursor::listAsync).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(records).hasSize(1);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
        assertThat(server.conversation()).containsSubsequence("RUN", "PULL", "LOGOFF", "LOGON", "RUN", "PULL");
    }

    @Test
    void aRefusedReauthenticationFailsTheQueryThatFollowedIt() {
        AtomicInteger logons = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        ScriptedServer server = server(BoltVersion.V5_1, (c, request) -> {
            if (request instanceof LogonMessage && logons.incrementAndGet() > 1) {
                failed.set(true);
                return List.of(failure("Neo.ClientError.Security.Unauthorized", "wrong password"));
            }
            if (request instanceof ResetMessage) {
                failed.set(false);
            }
            // like a server in its failed state: what follows the refused LOGON is ignored
            return failed.get() ? List.of(io.asyncbolt.protocol.message.IgnoredMessage.INSTANCE)
                    : oneRowOrSuccess(request);
        });
        BoltClient client = client(server.uri("bolt"), ClientConfig.defaults());
        await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync));

        Throwable error = failureOf(client.session(SessionConfig.defaults().withAuth(ALICE)).run("RETURN 2")
                .thenCompose(ResultCursor::listAsync));

        assertThat(error).isInstanceOf(BoltClientException.Authentication.class)
                .hasFieldOrPropertyWithValue("code", "Neo.ClientError.Security.Unauthorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Unauthorized", "CredentialsExpired", "Forbidden", "TokenExpired"})
    void verifyAuthenticationAnswersFalseForRefusedCredentials(String code) {
        AtomicInteger logons = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_1, (c, request) -> request instanceof LogonMessage
                && logons.incrementAndGet() == 2 ? List.of(failure("Neo.ClientError.Security." + code, "no"))
                : oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"), ClientConfig.defaults());
        await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync));

        assertThat(await(client.verifyAuthentication(ALICE))).isFalse();
    }

    @Test
    void verifyAuthenticationLogsOnAgainEvenOnAConnectionThatUsedTheSameToken() {
        ScriptedServer server = server(BoltVersion.V5_1, (c, request) -> oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"), ClientConfig.defaults());
        await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync));

        assertThat(await(client.verifyAuthentication(AuthToken.basic("neo4j", "pass")))).isTrue();

        assertThat(server.received(LogonMessage.class)).as("a fresh round trip proves the credentials now").hasSize(2);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void notALeaderForOneDatabaseKeepsTheWriterOfAnother() {
        String[] self = new String[1];
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RouteMessage route) {
                return List.of(routingTable(route.database(), List.of(self[0]), List.of(self[0]), List.of(self[0])));
            }
            if (request instanceof RunMessage run && "adb".equals(run.extra().get("db"))) {
                return List.of(failure("Neo.ClientError.Cluster.NotALeader", "not the leader"));
            }
            return oneRowOrSuccess(request);
        });
        self[0] = server.address();
        BoltClient client = client(server.uri("neo4j"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());
        await(client.session(SessionConfig.forDatabase("bdb")).run("RETURN 1").thenCompose(ResultCursor::listAsync));

        Throwable error = failureOf(client.session(SessionConfig.forDatabase("adb")).run("CREATE ()")
                .thenCompose(ResultCursor::listAsync));

        assertThat(error).isInstanceOf(BoltClientException.SessionExpired.class);
        assertThat(client.routingTable("adb").orElseThrow().writers()).isEmpty();
        assertThat(client.routingTable("bdb").orElseThrow().writers()).containsExactly(self[0]);
    }

    @Test
    void aRoutingTableWithoutReadersIsRefusedAndTheNextRouterAsked() {
        String[] addresses = new String[2];
        ScriptedServer noReaders = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("neo4j", List.of(addresses[0], addresses[1]), List.of(), List.of(addresses[0])))
                : oneRowOrSuccess(request));
        ScriptedServer good = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("neo4j", List.of(addresses[1]), List.of(addresses[1]), List.of(addresses[1])))
                : oneRowOrSuccess(request));
        addresses[0] = noReaders.address();
        addresses[1] = good.address();
        BoltClient alone = client(noReaders.uri("neo4j"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());

        assertThat(failureOf(alone.refreshRoutingTable("neo4j", List.of())))
                .isInstanceOf(BoltClientException.ServiceUnavailable.class);
        assertThat(alone.routingTable("neo4j")).isEmpty();
        assertThat(noReaders.received(RouteMessage.class)).as("one ROUTE, not a second one on the same connection")
                .hasSize(1);

        BoltClient withFallback = client(noReaders.uri("neo4j"), ClientConfig.builder()
                .resolver(address -> List.of(addresses[0], addresses[1])).build());
        assertThat(await(withFallback.refreshRoutingTable("neo4j", List.of())).readers())
                .containsExactly(addresses[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Neo.ClientError.General.Unknown", "Neo.ClientError.Security.AuthorizationExpired",
            "Neo.TransientError.General.DatabaseUnavailable"})
    void aRouterFailingWithAnErrorOfItsOwnSendsTheClientToTheNextRouter(String code) {
        TwoRouters routers = firstRouterFailingWith(code);

        assertThat(await(routers.client().session().run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);
        assertThat(routers.failing().received(RouteMessage.class)).hasSize(1);
    }

    /** A client whose resolver gives a router answering ROUTE with {@code code}, then a good one. */
    private TwoRouters firstRouterFailingWith(String code) {
        String[] addresses = new String[2];
        ScriptedServer failing = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(failure(code, "no")) : oneRowOrSuccess(request));
        ScriptedServer good = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("neo4j", List.of(addresses[1]), List.of(addresses[1]), List.of(addresses[1])))
                : oneRowOrSuccess(request));
        addresses[0] = failing.address();
        addresses[1] = good.address();
        BoltClient client = client(failing.uri("neo4j"), ClientConfig.builder().maxRetryTime(Duration.ZERO)
                .resolver(address -> List.of(addresses[0], addresses[1])).build());
        return new TwoRouters(failing, good, client);
    }

    private record TwoRouters(ScriptedServer failing, ScriptedServer good, BoltClient client) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"Neo.ClientError.Database.DatabaseNotFound", "Neo.ClientError.Security.Unauthorized",
            "Neo.ClientError.Transaction.InvalidBookmark"})
    void aRouterFailingWithAnErrorEveryRouterWouldGiveEndsTheDiscovery(String code) {
        TwoRouters routers = firstRouterFailingWith(code);

        assertThat(failureOf(routers.client().session().run("RETURN 1").thenCompose(ResultCursor::listAsync)))
                .isInstanceOfSatisfying(BoltClientException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(routers.good().received(RouteMessage.class)).isEmpty();
    }

    @Test
    void aLivenessThresholdOfZeroChecksEveryReuseAndReplacesADeadConnection() {
        AtomicInteger resets = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof ResetMessage && c == 1 && resets.incrementAndGet() == 1) {
                return List.of(new byte[] {(byte) 0xB0, 0x7F}); // a broken answer: the connection is dropped
            }
            return oneRowOrSuccess(request);
        });
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().livenessCheckAfter(Duration.ZERO)
                .maxRetryTime(Duration.ZERO).build());
        await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync));

        assertThat(await(client.session().run("RETURN 2").thenCompose(ResultCursor::listAsync))).hasSize(1);

        assertThat(resets.get()).as("the reused connection was checked at once").isEqualTo(1);
        assertThat(server.connectionsAccepted()).as("and replaced when the check failed").isEqualTo(2);
    }

    @Test
    void whenIdleConnectionsFailTheirLivenessCheckEachIsDroppedBeforeANewOneIsOpened() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof ResetMessage && c <= 3
                ? List.of(new byte[] {(byte) 0xB0, 0x7F}) // the first three connections die at their check
                : oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().livenessCheckAfter(Duration.ZERO)
                .maxRetryTime(Duration.ZERO).build());
        List<BoltTransaction> open = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            open.add(await(client.session().beginTransaction()));
        }
        for (BoltTransaction tx : open) {
            await(tx.commit());
        }
        assertThat(client.connectionsIdle()).isEqualTo(3);

        assertThat(await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);

        assertThat(server.connectionsAccepted()).as("three checked and dropped, then one new").isEqualTo(4);
        assertThat(client.connectionsIdle()).isEqualTo(1);
    }

    @Test
    void endingATransactionTwiceFails() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"), ClientConfig.defaults());
        BoltTransaction committed = await(client.session().beginTransaction());
        await(committed.commit());
        BoltTransaction rolledBack = await(client.session().beginTransaction());
        await(rolledBack.rollback());

        assertThat(failureOf(committed.rollback())).isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("closed");
        assertThat(failureOf(rolledBack.rollback())).isInstanceOf(BoltClientException.ClientError.class);
        assertThat(failureOf(rolledBack.commit())).isInstanceOf(BoltClientException.ClientError.class);
        assertThat(server.conversation()).containsOnlyOnce("ROLLBACK").containsOnlyOnce("COMMIT");
    }

    @Test
    void aMemberThatTimesOutMidTransactionLeavesTheRoutingTableAtOnce() {
        String[] addresses = new String[2];
        ScriptedServer router = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("neo4j", List.of(addresses[0]), List.of(addresses[1]), List.of(addresses[1])))
                : oneRowOrSuccess(request));
        ScriptedServer silent = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage
                || request instanceof io.asyncbolt.protocol.message.PullMessage ? List.of() : oneRowOrSuccess(request));
        addresses[0] = router.address();
        addresses[1] = silent.address();
        BoltClient client = client(router.uri("neo4j"), ClientConfig.builder().readTimeout(Duration.ofMillis(300))
                .maxRetryTime(Duration.ZERO).build());
        BoltTransaction tx = await(client.session(SessionConfig.forDatabase("neo4j")).beginTransaction());

        assertThat(failureOf(tx.run("RETURN 1"))).isInstanceOf(BoltClientException.ServiceUnavailable.class);

        RoutingTableInfo table = client.routingTable("neo4j").orElseThrow();
        assertThat(table.readers()).as("forgotten before the transaction ended").isEmpty();
        assertThat(table.writers()).isEmpty();
        assertThat(table.routers()).containsExactly(addresses[0]);
    }

    @Test
    void aReaderThatHangsUpAfterASecurityErrorStaysInTheRoutingTable() {
        String[] addresses = new String[2];
        AtomicInteger routes = new AtomicInteger();
        ScriptedServer router = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RouteMessage) {
                routes.incrementAndGet();
                return List.of(routingTable("neo4j", List.of(addresses[0]), List.of(addresses[1]), List.of(addresses[0])));
            }
            return oneRowOrSuccess(request);
        });
        // like Neo4j (and boltstub's EXIT): the FAILURE, then the connection closes with PULL unanswered
        ScriptedServer reader = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage run
                && run.query().equals("EXPIRED") ? List.of(failure("Neo.ClientError.Security.TokenExpired", "expired"),
                        ScriptedServer.CLOSE) : oneRowOrSuccess(request));
        addresses[0] = router.address();
        addresses[1] = reader.address();
        BoltClient client = client(router.uri("neo4j"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());
        SessionConfig read = SessionConfig.forDatabase("neo4j").withReadOnly(true);

        assertThat(failureOf(client.session(read).run("EXPIRED").thenCompose(ResultCursor::listAsync)))
                .isInstanceOf(BoltClientException.Authentication.class);
        assertThat(client.routingTable("neo4j").orElseThrow().readers()).as("the member is not broken")
                .containsExactly(addresses[1]);
        assertThat(await(client.session(read).run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);
        assertThat(routes).as("no second ROUTE while the table is fresh").hasValue(1);
        assertThat(reader.connectionsAccepted()).as("the closed connection replaced").isEqualTo(2);
    }

    @Test
    void afterAuthorizationExpiredOpenConnectionsLogOnAgainBeforeTheirNextUse() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage run
                && run.query().equals("EXPIRE") ? List.of(failure("Neo.ClientError.Security.AuthorizationExpired",
                        "expired")) : oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());
        BoltTransaction open = await(client.session().beginTransaction());

        assertThat(failureOf(client.session().run("EXPIRE").thenCompose(ResultCursor::listAsync)))
                .isInstanceOf(BoltClientException.Authentication.class);
        assertThat(await(open.run("RETURN 1").thenCompose(ResultCursor::listAsync))).as("work in progress goes on")
                .hasSize(1);
        await(open.commit());
        // both connections back in the pool (the failed one is released just after its error is reported)
        io.asyncbolt.testing.Await.until("two idle connections", Duration.ofSeconds(10),
                () -> client.connectionsIdle() == 2);
        BoltTransaction first = await(client.session().beginTransaction());
        BoltTransaction second = await(client.session().beginTransaction());
        assertThat(await(first.run("RETURN 2").thenCompose(ResultCursor::listAsync))).hasSize(1);
        assertThat(await(second.run("RETURN 3").thenCompose(ResultCursor::listAsync))).hasSize(1);
        await(first.commit());
        await(second.commit());

        assertThat(server.connectionsAccepted()).as("no connection replaced").isEqualTo(2);
        assertThat(server.conversation().stream().filter("LOGOFF"::equals).count())
                .as("each connection logged on again once, with the same token").isEqualTo(2);
    }

    @Test
    void belowBolt51AfterAuthorizationExpiredNoOpenConnectionIsReusedButOpenWorkFinishes() {
        ScriptedServer server = server(BoltVersion.V5_0, (c, request) -> request instanceof RunMessage run
                && run.query().equals("EXPIRE") ? List.of(failure("Neo.ClientError.Security.AuthorizationExpired",
                        "expired")) : oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());
        BoltTransaction open = await(client.session().beginTransaction());

        assertThat(failureOf(client.session().run("EXPIRE").thenCompose(ResultCursor::listAsync)))
                .isInstanceOf(BoltClientException.Authentication.class);
        assertThat(await(open.run("RETURN 1").thenCompose(ResultCursor::listAsync))).as("work in progress goes on")
                .hasSize(1);
        await(open.commit());
        int before = server.connectionsAccepted();
        await(client.session().run("RETURN 2").thenCompose(ResultCursor::listAsync));

        assertThat(before).isEqualTo(2);
        assertThat(server.connectionsAccepted()).as("both old connections closed, a new one opened").isEqualTo(3);
    }

    @Test
    void closingTheClientIsBoundedWhenTheServerStopsReading() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage run
                && run.query().equals("HANG") ? List.of(ScriptedServer.STOP_READING) : oneRowOrSuccess(request));
        BoltClient client = BoltClient.create(server.uri("bolt"), AuthToken.basic("neo4j", "pass"),
                ClientConfig.defaults());
        BoltTransaction tx = await(client.session().beginTransaction());
        tx.run("HANG");
        // more than the socket buffers hold: the write (and a GOODBYE behind it) can never complete
        tx.run("CREATE (:Blob {data: $data})", Map.of("data", "x".repeat(32 * 1024 * 1024)));

        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(15), client::close);
    }
}
