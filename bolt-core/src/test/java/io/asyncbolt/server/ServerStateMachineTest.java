package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.protocol.message.TelemetryMessage;
import io.asyncbolt.testing.Await;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state machine seen byte by byte from a raw socket: pipelining, failure, RESET, LOGOFF/LOGON. */
class ServerStateMachineTest {

    private static final BoltVersion V5_8 = BoltVersion.V5_8;
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CompletableFuture<Void> releaseSlow = new CompletableFuture<>();
    private final CompletableFuture<Void> lateRowsClosed = new CompletableFuture<>();
    private BoltServer server;

    @AfterEach
    void stop() {
        releaseSlow.complete(null);
        if (server != null) {
            server.close();
        }
    }

    private BoltServer start(BoltServer.Builder builder) {
        server = builder.port(0).queryHandler(query -> {
            switch (query.statement()) {
                case "fail" -> throw BoltException.syntaxError("no such thing");
                case "slow" -> {
                    slowStarted.countDown();
                    releaseSlow.get();
                }
                case "many" -> {
                    return CompletableFuture.completedFuture(QueryResult.of(List.of("i"), count(5)));
                }
                case "slow cursor" -> {
                    slowStarted.countDown();
                    releaseSlow.get();
                    return CompletableFuture.completedFuture(QueryResult.of(List.of("i"), new ClosingRows()));
                }
                default -> {
                }
            }
            return CompletableFuture.completedFuture(QueryResult.single(Map.of("x", 1L)));
        }).start();
        return server;
    }

    private static Iterator<List<Object>> count(int n) {
        AtomicInteger i = new AtomicInteger();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return i.get() < n;
            }

            @Override
            public List<Object> next() {
                return List.of((long) i.getAndIncrement());
            }
        };
    }

    /** Rows from a source that must be closed (a cursor); closing completes {@link #lateRowsClosed}. */
    private final class ClosingRows implements Iterator<List<Object>>, AutoCloseable {
        private final Iterator<List<Object>> rows = count(3);

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public List<Object> next() {
            return rows.next();
        }

        @Override
        public void close() {
            lateRowsClosed.complete(null);
        }
    }

    private RawBoltClient login(BoltVersion version) throws Exception {
        RawBoltClient client = new RawBoltClient(server.port());
        client.handshake(version);
        client.send(new HelloMessage(Map.of("user_agent", "raw/1"), null),
                new LogonMessage(Map.of("scheme", "basic", "principal", "u", "credentials", "p")));
        SuccessMessage hello = (SuccessMessage) client.receive();
        assertThat(hello.metadata()).containsEntry("server", "Neo4j/5.26.0").containsKey("connection_id");
        assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
        return client;
    }

    @Test
    void pipelinedRequestsAfterAFailureAreIgnoredUntilReset() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(new RunMessage("fail", Map.of()), PullMessage.all(), new RunMessage("ok", Map.of()),
                    PullMessage.all());
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).isEqualTo(StatusCodes.SYNTAX_ERROR);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            client.send(ResetMessage.INSTANCE, new RunMessage("ok", Map.of()), PullMessage.all());
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(((SuccessMessage) client.receive()).fields()).containsExactly("x");
            assertThat(client.receive()).isEqualTo(new RecordMessage(List.of(1L)));
            assertThat(((SuccessMessage) client.receive()).bookmark()).isNotNull();
        }
    }

    @Test
    void pullInBatchesReportsHasMoreAndDiscardEndsTheStream() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(new RunMessage("many", Map.of()), new PullMessage(2, -1), new DiscardMessage(-1, -1),
                    new RunMessage("many", Map.of()), new PullMessage(5, -1));
            client.receive();
            assertThat(client.receive()).isEqualTo(new RecordMessage(List.of(0L)));
            assertThat(client.receive()).isEqualTo(new RecordMessage(List.of(1L)));
            assertThat(((SuccessMessage) client.receive()).hasMore()).isTrue();
            SuccessMessage discarded = (SuccessMessage) client.receive();
            assertThat(discarded.hasMore()).isFalse();
            assertThat(discarded.metadata()).containsKey("bookmark");
            client.receive();
            for (long i = 0; i < 5; i++) {
                assertThat(client.receive()).isEqualTo(new RecordMessage(List.of(i)));
            }
            SuccessMessage end = (SuccessMessage) client.receive();
            assertThat(end.hasMore()).as("the end is reported with the last requested record").isFalse();
        }
    }

    @Test
    void resetInterruptsABusyHandlerAtOnce() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(new RunMessage("slow", Map.of()), PullMessage.all());
            assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
            client.send(ResetMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(releaseSlow).isNotDone();
            client.send(new RunMessage("ok", Map.of()), PullMessage.all());
            assertThat(((SuccessMessage) client.receive()).fields()).containsExactly("x");
        }
    }

    @Test
    void aResultThatArrivesAfterAResetIsClosedUnread() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(new RunMessage("slow cursor", Map.of()), PullMessage.all());
            assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
            client.send(ResetMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(IgnoredMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            releaseSlow.complete(null);
            assertThat(lateRowsClosed).as("the handler's row source is closed").succeedsWithin(Duration.ofSeconds(5));
            client.send(new RunMessage("ok", Map.of()), PullMessage.all());
            assertThat(((SuccessMessage) client.receive()).fields()).containsExactly("x");
        }
    }

    @Test
    void messagesInTheWrongStateGetAFailureAndTheConnectionCloses() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(PullMessage.all());
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).isEqualTo(StatusCodes.REQUEST_INVALID);
            assertThat(failure.message()).contains("PULL").contains("READY");
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(V5_8);
            client.send(new RunMessage("ok", Map.of()));
            assertThat(((FailureMessage) client.receive()).code()).isEqualTo(StatusCodes.REQUEST_INVALID);
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawBoltClient client = login(V5_8)) {
            client.send(new RunMessage("ok", Map.of()), PullMessage.all());
            assertThat(((SuccessMessage) client.receive()).fields()).containsExactly("x");
        }
    }

    @Test
    void logoffThenLogonReauthenticatesAndGoodbyeCloses() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(LogoffMessage.INSTANCE, new RunMessage("ok", Map.of()));
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(((FailureMessage) client.receive()).code()).isEqualTo(StatusCodes.REQUEST_INVALID);
        }
        try (RawBoltClient client = login(V5_8)) {
            client.send(LogoffMessage.INSTANCE, new LogonMessage(Map.of("scheme", "basic", "principal", "other",
                    "credentials", "p")), new RunMessage("ok", Map.of()), GoodbyeMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(client.receive()).isInstanceOf(SuccessMessage.class);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aPeerThatVanishesMidTransactionHasItRolledBack() throws Exception {
        CompletableFuture<String> rolledBack = new CompletableFuture<>();
        start(BoltServer.builder().transactionHandler(new TransactionHandler() {
            @Override
            public CompletableFuture<Void> rollback(Transaction transaction) {
                rolledBack.complete(transaction.id());
                return CompletableFuture.completedFuture(null);
            }
        }));
        try (RawBoltClient client = login(V5_8)) {
            client.send(new BeginMessage(Map.of()), new RunMessage("ok", Map.of()));
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(((SuccessMessage) client.receive()).metadata()).containsEntry("qid", 0L);
        }
        assertThat(rolledBack.get(5, TimeUnit.SECONDS)).startsWith("tx-");
    }

    @Test
    void noopsKeepTheConnectionAliveWhileAHandlerIsSlow() throws Exception {
        start(BoltServer.builder().recvTimeoutHint(Duration.ofSeconds(1)));
        try (RawBoltClient client = login(V5_8)) {
            client.send(new RunMessage("slow", Map.of()));
            assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS).execute(() -> releaseSlow.complete(null));
            BoltMessage answer = client.receive();
            assertThat(answer).isInstanceOf(SuccessMessage.class);
            assertThat(client.noops()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void bolt44AuthenticatesInHelloAndHonoursTheUtcPatch() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(BoltVersion.V4_4);
            client.send(new HelloMessage(Map.of("user_agent", "raw/1", "patch_bolt", List.of("utc")),
                    Map.of("scheme", "none")));
            SuccessMessage hello = (SuccessMessage) client.receive();
            assertThat(hello.metadata()).containsEntry("patch_bolt", List.of("utc"))
                    .containsEntry("hints", Map.of("connection.recv_timeout_seconds", 120L));
            client.send(new RunMessage("ok", Map.of()), PullMessage.all());
            assertThat(((SuccessMessage) client.receive()).fields()).containsExactly("x");
        }
    }

    @Test
    void telemetryIsAdvertisedWhenEnabledAndAccepted() throws Exception {
        start(BoltServer.builder().telemetry(true));
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(V5_8);
            client.send(new HelloMessage(Map.of("user_agent", "raw/1"), null));
            SuccessMessage hello = (SuccessMessage) client.receive();
            assertThat(hello.metadata().get("hints")).isEqualTo(Map.of("connection.recv_timeout_seconds", 120L,
                    "telemetry.enabled", true));
            client.send(new LogonMessage(Map.of("scheme", "none")), new TelemetryMessage(2));
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndIdleOnesTimeOut() throws Exception {
        start(BoltServer.builder().maxConnections(1).idleTimeout(Duration.ofMillis(500)));
        try (RawBoltClient first = login(V5_8); RawBoltClient second = new RawBoltClient(server.port())) {
            assertThat(second.closedByServer()).isTrue();
            assertThat(first.closedByServer()).as("idle connection closed after the idle timeout").isTrue();
        }
        try (RawBoltClient third = loginOnceASlotIsFree()) {
            third.send(new RunMessage("ok", Map.of()), PullMessage.all());
            assertThat(((SuccessMessage) third.receive()).fields()).containsExactly("x");
        }
    }

    /** The slot of a closed connection is free once the server has seen the close, a moment after the peer. */
    private RawBoltClient loginOnceASlotIsFree() {
        RawBoltClient[] client = new RawBoltClient[1];
        Await.until("a connection slot is free", java.time.Duration.ofSeconds(5), () -> {
            try {
                client[0] = login(V5_8);
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        return client[0];
    }

    @Test
    void severalResultsOfOneTransactionArePulledByQid() throws Exception {
        start(BoltServer.builder());
        try (RawBoltClient client = login(V5_8)) {
            client.send(new BeginMessage(Map.of()), new RunMessage("many", Map.of()), new RunMessage("ok", Map.of()),
                    new PullMessage(2, 0), new PullMessage(-1, 1), new PullMessage(-1, 0), CommitMessage.INSTANCE);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(((SuccessMessage) client.receive()).metadata()).containsEntry("qid", 0L);
            assertThat(((SuccessMessage) client.receive()).metadata()).containsEntry("qid", 1L);
            assertThat(client.receive()).isEqualTo(new RecordMessage(List.of(0L)));
            assertThat(client.receive()).isEqualTo(new RecordMessage(List.of(1L)));
            assertThat(((SuccessMessage) client.receive()).hasMore()).isTrue();
            assertThat(client.receive()).as("qid 1").isEqualTo(new RecordMessage(List.of(1L)));
            assertThat(((SuccessMessage) client.receive()).hasMore()).isFalse();
            for (long i = 2; i < 5; i++) {
                assertThat(client.receive()).as("the rest of qid 0").isEqualTo(new RecordMessage(List.of(i)));
            }
            assertThat(((SuccessMessage) client.receive()).hasMore()).isFalse();
            assertThat(((SuccessMessage) client.receive()).bookmark()).isNotNull();
        }
    }

    @Test
    void aSlowRoutingProviderRunsOffTheEventLoopAndStallsNoOtherConnection() throws Exception {
        CountDownLatch routing = new CountDownLatch(1);
        CompletableFuture<Void> releaseRoute = new CompletableFuture<>();
        AtomicReference<Thread> routedOn = new AtomicReference<>();
        start(BoltServer.builder().routing((db, context, request) -> {
            routedOn.set(Thread.currentThread());
            routing.countDown();
            releaseRoute.get();
            return RoutingTable.single("example.org:7687", Duration.ofSeconds(60));
        }));
        try (RawBoltClient router = login(V5_8)) {
            routeWhileOthersAreServed(router, routing, routedOn);
            releaseRoute.complete(null);
            SuccessMessage table = (SuccessMessage) router.receive();
            @SuppressWarnings("unchecked")
            Map<String, Object> rt = (Map<String, Object>) table.metadata().get("rt");
            assertThat(rt).containsEntry("ttl", 60L).containsEntry("db", "neo4j");
            assertThat(rt.get("servers").toString()).contains("example.org:7687");
        } finally {
            releaseRoute.complete(null);
        }
    }

    /** Sends ROUTE and, while the provider blocks, serves more connections than there are event loops. */
    private void routeWhileOthersAreServed(RawBoltClient router, CountDownLatch routing,
            AtomicReference<Thread> routedOn) throws Exception {
        router.send(new RouteMessage(Map.of("address", "127.0.0.1"), List.of(), null, null));
        assertThat(routing.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(routedOn.get()).as("not a Netty event-loop thread").isNotInstanceOf(FastThreadLocalThread.class);
        List<RawBoltClient> others = new ArrayList<>();
        try {
            for (int i = 0; i < Runtime.getRuntime().availableProcessors() * 2 + 1; i++) {
                RawBoltClient other = login(V5_8);
                others.add(other);
                other.send(new RunMessage("ok", Map.of()), PullMessage.all());
                assertThat(((SuccessMessage) other.receive()).fields()).containsExactly("x");
            }
        } finally {
            for (RawBoltClient other : others) {
                other.close();
            }
        }
    }

    @Test
    void everyTokenFieldReachesTheAuthenticatorAndARejectedLogonCloses() throws Exception {
        List<AuthToken> tokens = new java.util.concurrent.CopyOnWriteArrayList<>();
        start(BoltServer.builder().authenticator(token -> {
            tokens.add(token);
            if (!"let-me-in".equals(token.credentials())) {
                throw new BoltException(StatusCodes.UNAUTHORIZED, "token refused");
            }
            return new BoltUser(token.principal());
        }));
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(V5_8);
            client.send(new HelloMessage(Map.of("user_agent", "raw/1"), null), new LogonMessage(Map.of("scheme",
                    "custom", "principal", "svc", "credentials", "let-me-in", "realm", "corp", "parameters",
                    Map.of("tenant", "t1"))), LogoffMessage.INSTANCE, new LogonMessage(Map.of("scheme", "bearer",
                    "credentials", "expired")), new RunMessage("ok", Map.of()));
            assertThat(client.receive()).isInstanceOf(SuccessMessage.class);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            FailureMessage refused = (FailureMessage) client.receive();
            assertThat(refused.code()).isEqualTo(StatusCodes.UNAUTHORIZED);
            assertThat(refused.message()).isEqualTo("token refused");
            assertThat(client.closedByServer()).as("closed, the RUN behind it unanswered").isTrue();
        }
        assertThat(tokens).hasSize(2);
        AuthToken first = tokens.get(0);
        assertThat(first.scheme()).isEqualTo("custom");
        assertThat(first.principal()).isEqualTo("svc");
        assertThat(first.credentials()).isEqualTo("let-me-in");
        assertThat(first.fields()).containsEntry("realm", "corp").containsEntry("parameters", Map.of("tenant", "t1"));
        assertThat(tokens.get(1).scheme()).isEqualTo("bearer");
    }
}
