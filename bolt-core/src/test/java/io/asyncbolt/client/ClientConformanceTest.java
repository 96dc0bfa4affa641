package io.asyncbolt.client;

import static io.asyncbolt.client.ScriptedServer.failure;
import static io.asyncbolt.client.ScriptedServer.record;
import static io.asyncbolt.client.ScriptedServer.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's conversation with a scripted server, message by message, for the behaviours Neo4j's driver
 * conformance suite (testkit) checks: what is sent when a result is consumed, committed over or failed,
 * which access mode and database travel, routing, timeouts and the end of a client.
 */
class ClientConformanceTest extends ScriptedClientTests {

    BoltClient client(String uri) {
        return client(uri, ClientConfig.builder().fetchSize(2).maxRetryTime(Duration.ofSeconds(3)).build());
    }

    /** An endless result: every PULL gets its n records and has_more; DISCARD ends it. */
    private static List<?> endless(int connection, BoltMessage request) {
        if (ScriptedServer.answeredByDefault(request)) {
            return List.of();
        }
        if (request instanceof RunMessage) {
            return List.of(success(Map.of("fields", List.of("n"), "qid", 0L)));
        }
        if (request instanceof PullMessage pull) {
            List<Object> answer = new ArrayList<>();
            for (long i = 0; i < pull.n(); i++) {
                answer.add(record(i));
            }
            answer.add(success(Map.of("has_more", true)));
            return answer;
        }
        if (request instanceof DiscardMessage) {
            return List.of(success(Map.of("type", "r", "bookmark", "bm-1")));
        }
        return List.of(success(Map.of("bookmark", "bm-2")));
    }

    @Test
    void consumingWhileTheFirstPullIsInFlightDiscardsTheRestInsteadOfPullingForever() {
        ScriptedServer server = server(BoltVersion.V5_4, ClientConformanceTest::endless);
        BoltClient client = client(server.uri("bolt"));

        ResultSummary summary = client.session().blocking().execute("UNWIND range(1, 1000000) AS n RETURN n", Map.of());

        assertThat(summary.queryType()).isEqualTo("r");
        assertThat(server.received(DiscardMessage.class)).hasSize(1);
        assertThat(server.received(PullMessage.class)).as("only the PULL sent with RUN").hasSize(1);
    }

    @Test
    void aConsumedResultRefusesFurtherRecords() {
        ScriptedServer server = server(BoltVersion.V5_4, ClientConformanceTest::endless);
        BoltClient client = client(server.uri("bolt"));
        ResultCursor cursor = await(client.session().run("RETURN n"));

        await(cursor.consumeAsync());

        assertThat(failureOf(cursor.nextAsync())).isInstanceOf(BoltClientException.ResultConsumed.class);
        assertThat(failureOf(cursor.listAsync())).isInstanceOf(BoltClientException.ResultConsumed.class);
    }

    @Test
    void commitDiscardsOpenResultsInsteadOfBufferingThem() {
        ScriptedServer server = server(BoltVersion.V5_4, ClientConformanceTest::endless);
        BoltClient client = client(server.uri("bolt"));
        BoltTransaction tx = await(client.session().beginTransaction());
        await(tx.run("UNWIND range(1, 1000000) AS n RETURN n"));

        assertThat(await(tx.commit())).isEqualTo("bm-2");

        assertThat(server.conversation()).containsSubsequence("BEGIN", "RUN", "PULL", "DISCARD", "COMMIT");
        assertThat(server.received(PullMessage.class)).hasSize(1);
    }

    @Test
    void afterOneQueryOfATransactionFailsItsOtherResultsFailWithThatErrorAndAskForNothingMore() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RunMessage run && run.query().equals("invalid")) {
                return List.of(failure("Neo.ClientError.Statement.SyntaxError", "Invalid input"));
            }
            return endless(c, request);
        });
        BoltClient client = client(server.uri("bolt"));
        BoltTransaction tx = await(client.session().beginTransaction());
        ResultCursor first = await(tx.run("RETURN n"));
        await(first.nextAsync()); // the two records of the first PULL are in; it has more

        Throwable runFailure = failureOf(tx.run("invalid"));
        assertThat(runFailure).isInstanceOf(BoltClientException.ClientError.class);

        await(first.nextAsync()); // the second buffered record is still there
        Throwable next = failureOf(first.nextAsync());
        assertThat(next).isSameAs(runFailure);
        assertThat(failureOf(first.consumeAsync())).isSameAs(runFailure);
        await(tx.rollback());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.received(ResetMessage.class).isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the failed transaction's connection is reset on its way back to the pool
        }

        List<ScriptedServer.Received> received = server.received();
        int failedRun = 0;
        while (!(received.get(failedRun).message() instanceof RunMessage run && run.query().equals("invalid"))) {
            failedRun++;
        }
        // after the failed RUN and the PULL sent with it, up to the RESET
        assertThat(received.subList(failedRun + 2, received.size()))
                .extracting(r -> ScriptedServer.name(r.message()))
                .as("no PULL or DISCARD for the failed transaction's other result").doesNotContain("PULL", "DISCARD");
    }

    @Test
    void managedWritesInAReadSessionRunInWriteModeAndReadsInReadMode() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage
                ? List.of(success(Map.of("fields", List.of("n"))))
                : request instanceof PullMessage ? List.of(record(1L), success(Map.of("type", "r")))
                : List.of(success()));
        BoltClient client = client(server.uri("bolt"));
        BoltSession session = client.session(SessionConfig.defaults().withReadOnly(true));

        await(session.executeWrite(tx -> tx.run("CREATE ()").thenCompose(ResultCursor::listAsync)));
        session.blocking().executeWrite(tx -> tx.run("CREATE ()"));
        await(session.executeRead(tx -> tx.run("MATCH ()").thenCompose(ResultCursor::listAsync)));
        await(session.beginTransaction()).rollback().toCompletableFuture().join();

        assertThat(server.received(BeginMessage.class)).extracting(b -> b.extra().get("mode"))
                .containsExactly(null, null, "r", "r");
    }

    /** A routing table whose members are all {@code self}, naming {@code db} as the database. */
    static BoltMessage routingTable(String db, List<String> routers, List<String> readers, List<String> writers) {
        return success(Map.of("rt", Map.of("ttl", 300L, "db", db, "servers", List.of(
                Map.of("addresses", routers, "role", "ROUTE"),
                Map.of("addresses", readers, "role", "READ"),
                Map.of("addresses", writers, "role", "WRITE")))));
    }

    static List<?> oneRowOrSuccess(BoltMessage request) {
        if (ScriptedServer.answeredByDefault(request)) {
            return List.of();
        }
        if (request instanceof RunMessage) {
            return List.of(success(Map.of("fields", List.of("n"))));
        }
        if (request instanceof PullMessage) {
            return List.of(record(1L), success(Map.of("type", "r")));
        }
        return List.of(success());
    }

    @Test
    void aRoutedSessionWithoutDatabaseRunsInTheHomeDatabaseTheRoutingTableNames() {
        String[] self = new String[1];
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("homedb", List.of(self[0]), List.of(self[0]), List.of(self[0])))
                : oneRowOrSuccess(request));
        self[0] = server.address();
        BoltClient client = client(server.uri("neo4j"));
        BoltSession session = client.session();

        await(session.run("RETURN 1").thenCompose(ResultCursor::listAsync));
        await(session.executeWrite(tx -> tx.run("RETURN 1").thenCompose(ResultCursor::listAsync)));

        assertThat(server.received(RouteMessage.class)).hasSize(1).first()
                .satisfies(route -> assertThat(route.database()).isNull());
        assertThat(server.received(RunMessage.class).get(0).extra()).containsEntry("db", "homedb");
        assertThat(server.received(BeginMessage.class).get(0).extra()).containsEntry("db", "homedb");
        assertThat(session.database()).isEqualTo("homedb");
    }

    @Test
    void routeCarriesTheImpersonatedUserAndTablesAreKeptPerUser() {
        String[] self = new String[1];
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage route
                ? List.of(routingTable(route.impersonatedUser() + "-home", List.of(self[0]), List.of(self[0]),
                        List.of(self[0])))
                : oneRowOrSuccess(request));
        self[0] = server.address();
        BoltClient client = client(server.uri("neo4j"));

        for (String database : java.util.Arrays.asList(null, "movies")) {
            for (String user : List.of("alice", "bob", "alice")) {
                BoltSession session = client.session(SessionConfig.forDatabase(database).withImpersonatedUser(user));
                await(session.run("RETURN 1").thenCompose(ResultCursor::listAsync));
            }
        }

        assertThat(server.received(RouteMessage.class)).extracting(RouteMessage::impersonatedUser)
                .as("home databases are resolved per session; a named one's table is kept per user")
                .containsExactly("alice", "bob", "alice", "alice", "bob");
        assertThat(server.received(RunMessage.class)).extracting(run -> run.extra().get("db"))
                .containsExactly("alice-home", "bob-home", "alice-home", "movies", "movies", "movies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.4", "5.0", "5.2", "5.3", "5.8"})
    void helloCarriesBoltAgentFromBolt53On(String version) {
        BoltVersion v = BoltVersion.parse(version);
        ScriptedServer server = server(v, (c, request) -> oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"));

        await(client.verifyConnectivity());

        HelloMessage hello = server.received(HelloMessage.class).get(0);
        if (v.isAtLeast(BoltVersion.V5_3)) {
            assertThat(hello.boltAgent()).containsKeys("product", "language", "platform");
        } else {
            assertThat(hello.extra()).doesNotContainKey("bolt_agent").containsKey("user_agent");
        }
    }

    @Test
    void closingTheClientSaysGoodbyeOnIdleAndBusyConnections() throws Exception {
        ScriptedServer server = server(BoltVersion.V5_4, ClientConformanceTest::endless);
        BoltClient client = BoltClient.create(server.uri("bolt"), AuthToken.none(),
                ClientConfig.builder().fetchSize(2).build());
        await(client.session().run("RETURN n")); // streaming: this connection is in use
        client.session().blocking().beginTransaction().rollback(); // a second connection, back idle

        client.close();

        Await.until("a GOODBYE on both connections", java.time.Duration.ofSeconds(5),
                () -> server.received(GoodbyeMessage.class).size() >= 2);
        assertThat(server.received().stream().filter(r -> r.message() instanceof GoodbyeMessage)
                .map(ScriptedServer.Received::connection)).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void verifyConnectivityOnNeo4jFetchesAFreshTableAndReachesAReaderEvenWithoutAWriter() {
        String[] self = new String[1];
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("neo4j", List.of(self[0]), List.of(self[0]), List.of()))
                : oneRowOrSuccess(request));
        self[0] = server.address();
        BoltClient client = client(server.uri("neo4j"));

        ServerInfo info = await(client.serverInfo());
        await(client.verifyConnectivity());

        assertThat(info.address()).isEqualTo(server.address());
        assertThat(info.agent()).isEqualTo("Neo4j/5.26.0");
        assertThat(info.protocolVersion()).isEqualTo(BoltVersion.V5_4);
        assertThat(server.received(RouteMessage.class)).as("a fresh table each time").hasSize(2);
        assertThat(server.received(ResetMessage.class)).as("the pooled reader proved alive").isNotEmpty();
    }

    @Test
    void verifyConnectivityOnAPooledConnectionMakesARoundTrip() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"));
        await(client.verifyConnectivity()); // a new connection: HELLO was the round trip
        long resets = server.received(ResetMessage.class).size();

        await(client.verifyConnectivity());

        assertThat(server.received(ResetMessage.class)).hasSize((int) resets + 1);
        assertThat(server.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void theConnectTimeoutCoversTcpOnlyNotASlowHandshakeAndAuthentication() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof HelloMessage) {
                sleep(600); // slower than the connect timeout, within the acquisition timeout
            }
            return List.of();
        });
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().connectTimeout(Duration.ofMillis(200))
                .acquisitionTimeout(Duration.ofSeconds(10)).build());

        assertThat(await(client.serverInfo()).agent()).isEqualTo("Neo4j/5.26.0");
    }

    @Test
    void theAcquisitionTimeoutBoundsOpeningANewConnection() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof HelloMessage) {
                sleep(1500);
            }
            return List.of();
        });
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().connectTimeout(Duration.ofSeconds(30))
                .acquisitionTimeout(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        assertThat(failureOf(client.session().run("RETURN 1"))).isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("acquisition timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void aClientSideMessageFromTheServerClosesTheConnection() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage
                ? List.of(new RunMessage("RETURN 1", Map.of(), Map.of())) : oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"));

        assertThat(failureOf(client.session().run("RETURN 1"))).isInstanceOf(BoltClientException.ServiceUnavailable.class)
                .hasMessageContaining("Unexpected message");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (client.connectionsInUse() + client.connectionsIdle() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // it is given back, and discarded, on the network thread
        }
        assertThat(client.connectionsInUse() + client.connectionsIdle()).as("the connection is gone").isZero();
    }

    @Test
    void aNegativeTransactionTimeoutIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> new TransactionConfig(Duration.ofMillis(-1), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    }

    @Test
    void aSubMillisecondTimeoutIsRoundedUpNotSentAsNoTimeout() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"));

        await(client.session().beginTransaction(new TransactionConfig(Duration.ofNanos(1), Map.of())))
                .rollback().toCompletableFuture().join();

        assertThat(server.received(BeginMessage.class).get(0).extra()).containsEntry("tx_timeout", 1L);
    }

    @Test
    void anUnknownQueryTypeInTheSummaryFailsTheResult() {
        AtomicInteger pulls = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof PullMessage
                && pulls.incrementAndGet() == 1 ? List.of(success(Map.of("type", "wr"))) : oneRowOrSuccess(request));
        BoltClient client = client(server.uri("bolt"));

        assertThat(failureOf(client.session().run("RETURN 1").thenCompose(ResultCursor::consumeAsync)))
                .isInstanceOf(BoltClientException.class).hasMessageContaining("'wr'");
        assertThat(client.session().blocking().run("RETURN 1")).as("the connection is still good").hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Terminated", "LockClientStopped"})
    void transactionTerminationIsReportedWithTheClientErrorCodeAndNotRetried(String title) {
        AtomicInteger runs = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RunMessage) {
                runs.incrementAndGet();
                return List.of(failure("Neo.TransientError.Transaction." + title, "stopped"));
            }
            return List.of(success());
        });
        BoltClient client = client(server.uri("bolt"));

        Throwable error = failureOf(client.session().executeWrite(tx -> tx.run("RETURN 1")));

        assertThat(error).isInstanceOf(BoltClientException.ClientError.class);
        assertThat(((BoltClientException) error).code()).isEqualTo("Neo.ClientError.Transaction." + title);
        assertThat(runs).hasValue(1);
    }

    @Test
    void customAuthTokensLeaveOutWhatIsNull() {
        AuthToken token = AuthToken.custom("wild", null, null, null, null);
        assertThat(token.fields()).isEqualTo(Map.of("scheme", "wild"));
        assertThat(AuthToken.custom("wild", "me", "secret", "realm", Map.of("k", 1L)).fields())
                .containsEntry("principal", "me").containsEntry("credentials", "secret")
                .containsEntry("realm", "realm").containsEntry("parameters", Map.of("k", 1L));
    }

    @Test
    void whenTheChosenReaderIsDownTheNextMemberServesTheSameAcquisition() throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0)) {
            dead = socket.getLocalPort();
        }
        String[] self = new String[1];
        String down = "127.0.0.1:" + dead;
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("neo4j", List.of(self[0]), List.of(down, self[0]), List.of(down, self[0])))
                : oneRowOrSuccess(request));
        self[0] = server.address();
        // no retries: only failover within the acquisition can succeed
        BoltClient client = client(server.uri("neo4j"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());

        for (int i = 0; i < 4; i++) {
            boolean read = i % 2 == 0;
            BoltSession session = client.session(SessionConfig.defaults().withReadOnly(read));
            assertThat(await(session.run("RETURN 1").thenCompose(ResultCursor::singleAsync)).getLong("n")).isEqualTo(1);
        }
    }

    @Test
    void aMemberWhoseDatabaseIsUnavailableIsAvoidedUntilTheNextRoutingTable() {
        String[] addresses = new String[2];
        ScriptedServer unavailable = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RouteMessage) {
                return List.of(routingTable("neo4j", List.of(addresses[0], addresses[1]), List.of(addresses[0]),
                        List.of(addresses[0], addresses[1])));
            }
            if (request instanceof RunMessage) {
                return List.of(failure("Neo.TransientError.General.DatabaseUnavailable", "store copy"));
            }
            return oneRowOrSuccess(request);
        });
        ScriptedServer healthy = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request));
        addresses[0] = unavailable.address();
        addresses[1] = healthy.address();
        BoltClient client = client(unavailable.uri("neo4j"), ClientConfig.builder()
                .maxRetryTime(Duration.ofSeconds(10)).build());

        for (int i = 0; i < 4; i++) {
            await(client.session(SessionConfig.forDatabase("neo4j"))
                    .executeWrite(tx -> tx.run("CREATE ()").thenCompose(ResultCursor::listAsync)));
        }

        assertThat(unavailable.received(RunMessage.class)).as("tried once, then forgotten").hasSizeLessThanOrEqualTo(1);
        assertThat(healthy.received(RunMessage.class)).hasSize(4);
    }

    @Test
    void anUnknownTimeZoneFailsItsRecordOnlyAndTheStreamGoesOn() {
        ScriptedServer server = server(BoltVersion.V5_0, (c, request) -> {
            if (request instanceof RunMessage) {
                return List.of(success(Map.of("fields", List.of("dt"))));
            }
            if (request instanceof PullMessage) {
                return List.of(unknownZone(), record(java.time.OffsetDateTime.parse(
                        "1970-01-01T01:00:00+00:30")), success(Map.of("type", "r")));
            }
            return List.of(success());
        });
        BoltClient client = client(server.uri("bolt"));
        ResultCursor cursor = await(client.session().run("MATCH (n:State) RETURN n.founded AS dt"));

        assertThat(failureOf(cursor.nextAsync())).isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("Europe/Neo4j");
        assertThat(await(cursor.nextAsync()).get("dt")).isEqualTo(java.time.OffsetDateTime.parse("1970-01-01T01:00:00+00:30"));
        assertThat(await(cursor.nextAsync())).isNull();
        assertThat(await(client.session().run("RETURN 1").thenCompose(ResultCursor::consumeAsync))).isNotNull();
        assertThat(server.connectionsAccepted()).as("the connection survived").isEqualTo(1);
    }

    @Test
    void telemetryTellsTheServerWhichApiRanTheWorkWhenItAsksAndOnlyThen() {
        for (boolean asked : List.of(true, false)) {
            ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request))
                    .helloMetadata(asked ? Map.of("server", "Neo4j/5.26.0", "hints", Map.of("telemetry.enabled", true))
                            : Map.of("server", "Neo4j/5.26.0"));
            for (boolean disabled : List.of(false, true)) {
                BoltClient client = client(server.uri("bolt"), ClientConfig.builder().telemetryDisabled(disabled).build());
                BoltSession session = client.session();
                await(session.executeWrite(tx -> tx.run("RETURN 1").thenCompose(ResultCursor::consumeAsync)));
                await(session.beginTransaction()).rollback().toCompletableFuture().join();
                await(session.run("RETURN 1").thenCompose(ResultCursor::consumeAsync));
                await(client.executeQuery("RETURN 1", Map.of()));
                client.close();
            }
            List<ScriptedServer.Received> received = server.received();
            List<String> telemetry = new ArrayList<>();
            for (int i = 0; i < received.size(); i++) {
                if (received.get(i).message() instanceof io.asyncbolt.protocol.message.TelemetryMessage t) {
                    telemetry.add(t.api() + " before " + ScriptedServer.name(received.get(i + 1).message()));
                }
            }
            assertThat(telemetry).as("server asked: " + asked).isEqualTo(asked
                    ? List.of("0 before BEGIN", "1 before BEGIN", "2 before RUN", "3 before BEGIN") : List.of());
        }
    }

    @Test
    void aServerThatDoesNotIdentifyAsNeo4jIsRefused() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request))
                .helloMetadata(Map.of("server", "AgentSmith/0.0.1"));
        BoltClient client = client(server.uri("bolt"));

        assertThat(failureOf(client.verifyConnectivity())).isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("genuine Neo4j").hasMessageContaining("AgentSmith/0.0.1");
    }

    @Test
    void aHelloAnswerWithAServerAgentOfTheWrongTypeIsRefusedNotAHang() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> oneRowOrSuccess(request))
                .helloMetadata(Map.of("server", List.of("Neo4j/5.26.0"), "connection_id", 7L));
        BoltClient client = client(server.uri("bolt"));

        assertThat(failureOf(client.verifyConnectivity())).isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("genuine Neo4j");
    }

    @Test
    void eachNewSessionWithoutDatabaseResolvesTheHomeDatabaseAgain() {
        String[] self = new String[1];
        AtomicInteger routes = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(routingTable("home" + routes.incrementAndGet(), List.of(self[0]), List.of(self[0]),
                        List.of(self[0])))
                : oneRowOrSuccess(request));
        self[0] = server.address();
        BoltClient client = client(server.uri("neo4j"));

        for (int i = 0; i < 2; i++) {
            BoltSession session = client.session();
            await(session.run("RETURN 1").thenCompose(ResultCursor::listAsync));
            await(session.run("RETURN 2").thenCompose(ResultCursor::listAsync)); // the session keeps its database
        }

        assertThat(server.received(RunMessage.class)).extracting(run -> run.extra().get("db"))
                .containsExactly("home1", "home1", "home2", "home2");
    }

    @Test
    void rollingBackDiscardsOpenResultsFirst() {
        ScriptedServer server = server(BoltVersion.V5_4, ClientConformanceTest::endless);
        BoltClient client = client(server.uri("bolt"));
        BoltTransaction tx = await(client.session().beginTransaction());
        await(tx.run("UNWIND range(1, 1000000) AS n RETURN n"));

        await(tx.rollback());

        assertThat(server.conversation()).containsSubsequence("BEGIN", "RUN", "PULL", "DISCARD", "ROLLBACK");
    }

    @Test
    void pullsAndDiscardsLeaveTheQidImplicitForTheLatestQueryOnly() {
        AtomicInteger qids = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RunMessage) {
                return List.of(success(Map.of("fields", List.of("n"), "qid", (long) qids.getAndIncrement())));
            }
            return endless(c, request);
        });
        BoltClient client = client(server.uri("bolt"));
        BoltTransaction tx = await(client.session().beginTransaction());
        ResultCursor first = await(tx.run("RETURN 1"));
        await(first.nextAsync());
        await(first.nextAsync());
        await(first.nextAsync()); // a second batch: first is the latest query
        ResultCursor second = await(tx.run("RETURN 2"));
        await(first.consumeAsync()); // no longer the latest: its qid travels
        await(second.consumeAsync());
        await(tx.rollback());

        List<Long> pullQids = server.received(PullMessage.class).stream().map(PullMessage::qid).toList();
        List<Long> discardQids = server.received(DiscardMessage.class).stream().map(DiscardMessage::qid).toList();
        assertThat(pullQids).as("PULLs: with RUN (implicit), first's second batch (latest: implicit), with RUN")
                .containsExactly(-1L, -1L, -1L);
        assertThat(discardQids).as("DISCARDs: first (qid 0 explicit), second (latest: implicit)").containsExactly(0L, -1L);
    }

    /** A RECORD [DateTimeZoneId(0, 0, "Europe/Neo4j")] as Bolt 5.0 bytes. */
    private static byte[] unknownZone() {
        ByteBuf buf = Unpooled.buffer();
        buf.writeBytes(new byte[] {(byte) 0xB1, 0x71, (byte) 0x91, (byte) 0xB3, 0x69, 0, 0, (byte) 0x8C});
        buf.writeBytes("Europe/Neo4j".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
