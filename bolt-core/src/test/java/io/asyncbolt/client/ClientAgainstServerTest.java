package io.asyncbolt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import io.asyncbolt.testing.Await;
import io.asyncbolt.testing.LeakCheck;
import io.asyncbolt.testing.ManualClock;
import io.asyncbolt.value.UnsupportedType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our client against our server engine: sessions, streaming, transactions, retries, errors, pool. */
@ExtendWith(LeakCheck.class)
class ClientAgainstServerTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> statements = new CopyOnWriteArrayList<>();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger transientFailures = new AtomicInteger();
    private BoltServer server;
    private BoltClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What the server read from its clients, in bytes. */
    private final java.util.concurrent.atomic.AtomicLong serverBytesRead = new java.util.concurrent.atomic.AtomicLong();

    private BoltClient start(List<BoltVersion> versions, ClientConfig config) {
        server = BoltServer.builder().port(0).versions(versions)
                .authenticator(token -> {
                    if (!"secret".equals(token.credentials())) {
                        throw new BoltException(StatusCodes.UNAUTHORIZED, "bad password");
                    }
                    return new BoltUser(token.principal());
                })
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletionStage<String> commit(Transaction tx) {
                        events.add("commit");
                        return CompletableFuture.completedFuture("bm-" + tx.id());
                    }

                    @Override
                    public CompletionStage<Void> rollback(Transaction tx) {
                        events.add("rollback");
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .listener(new io.asyncbolt.server.ServerListener() {
                    @Override
                    public void bytesRead(long bytes) {
                        serverBytesRead.addAndGet(bytes);
                    }
                })
                .queryHandler(query -> {
                    statements.add(query.statement());
                    return handle(query);
                }).start();
        client = BoltClient.create("bolt://127.0.0.1:" + server.port(), AuthToken.basic("neo4j", "secret"), config);
        return client;
    }

    private CompletionStage<QueryResult> handle(io.asyncbolt.server.Query query) {
        return switch (query.statement()) {
                    case "rows" -> CompletableFuture.completedFuture(QueryResult.of(List.of("i"), rows(
                            ((Number) query.parameters().get("n")).intValue())));
                    case "bad" -> throw BoltException.syntaxError("bad statement");
                    case "flaky" -> {
                        if (transientFailures.incrementAndGet() <= 2) {
                            throw BoltException.transientError("busy");
                        }
                        yield CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true)));
                    }
                    case "bookmarks" -> CompletableFuture.completedFuture(QueryResult.single(
                            Map.of("bookmarks", query.context().bookmarks())));
                    case "context" -> {
                        Map<String, Object> seen = new LinkedHashMap<>();
                        seen.put("database", String.valueOf(query.context().database()));
                        seen.put("mode", query.context().accessMode().name());
                        seen.put("bookmarks", query.context().bookmarks());
                        seen.put("impersonated", String.valueOf(query.context().impersonatedUser()));
                        seen.put("timeout", query.context().txTimeout() == null ? -1L
                                : query.context().txTimeout().toMillis());
                        seen.put("metadata", query.context().txMetadata());
                        yield CompletableFuture.completedFuture(QueryResult.single(seen));
                    }
                    case "whoami" -> CompletableFuture.completedFuture(QueryResult.single(
                            Map.of("user", query.context().principal().getName(),
                                    "connection", query.context().connectionId())));
                    case "uuid" -> CompletableFuture.completedFuture(QueryResult.single(
                            Map.of("version", query.context().version().toString(), "serverId", SERVER_ID,
                                    "inList", List.of(SERVER_ID, 1L))));
                    default -> CompletableFuture.completedFuture(QueryResult.single(
                            new LinkedHashMap<>(query.parameters())));
                };
    }

    private Iterator<List<Object>> rows(int n) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public List<Object> next() {
                produced.incrementAndGet();
                return List.of((long) i++);
            }
        };
    }

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    static List<BoltVersion> versions() {
        return List.of(BoltVersion.V4_4, BoltVersion.V5_0, BoltVersion.V5_8, BoltVersion.V6_0);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("versions")
    void autoCommitQueriesReturnRecordsAndSummaries(BoltVersion version) {
        start(List.of(version), ClientConfig.defaults());
        BoltSession session = client.session();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("a", 1L);
        params.put("b", "two");
        Record record = await(session.run("RETURN $a, $b", params)
                .thenCompose(ResultCursor::singleAsync));
        assertThat(record.keys()).containsExactly("a", "b");
        assertThat(record.getLong("a")).isEqualTo(1);
        assertThat(record.getString("b")).isEqualTo("two");
        ResultSummary summary = await(session.run("RETURN 1").thenCompose(ResultCursor::consumeAsync));
        assertThat(summary.serverAgent()).startsWith("Neo4j/");
        assertThat(session.lastBookmarks()).hasSize(1);
    }

    record Point(long a, String b) {
    }

    @Test
    void aConsumerThatArrivesWhileTheResultEndsOnTheNetworkThreadStillSeesTheEnd() throws Exception {
        // every connection expires at once, so ending a result also closes its connection: the window
        // between the end of the stream and its summary is as wide as it gets
        start(BoltVersion.ALL, ClientConfig.builder().maxPoolSize(1).maxConnectionLifetime(Duration.ofNanos(1))
                .build());
        java.util.concurrent.ExecutorService consumers = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 1_000; i++) {
                long seen = client.session().run("rows", Map.of("n", 1L))
                        .thenComposeAsync(cursor -> cursor.listAsync(), consumers)
                        .thenApply(List::size).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(seen).as("query %d", i).isEqualTo(1);
                ResultSummary summary = client.session().run("rows", Map.of("n", 1L))
                        .thenComposeAsync(cursor -> cursor.forEachAsync(r -> { }), consumers)
                        .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(summary).isNotNull();
            }
        } finally {
            consumers.shutdownNow();
        }
    }

    @Test
    void aRollbackRightAfterAFailedQueryInTheTransactionSucceeds() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        BoltSession session = client.session();
        for (int i = 0; i < 300; i++) {
            BoltTransaction tx = await(session.beginTransaction());
            assertThatThrownBy(() -> await(tx.run("bad"))).hasCauseInstanceOf(BoltClientException.ClientError.class);
            await(tx.rollback()); // not the IGNORED answer to a ROLLBACK sent into the failed transaction
        }
        assertThat(await(session.run("RETURN $x", Map.of("x", 1L)).thenCompose(ResultCursor::singleAsync))
                .getLong("x")).isEqualTo(1);
    }

    @Test
    void recordsMapOntoJavaRecords() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        Point p = await(client.session().run("RETURN", Map.of("a", 3L, "b", "x"))
                .thenCompose(ResultCursor::singleAsync)).as(Point.class);
        assertThat(p).isEqualTo(new Point(3, "x"));
    }

    @Test
    void forEachHandsEveryRecordOverInOrderAcrossBatchesAfterThoseAlreadyTaken() {
        start(BoltVersion.ALL, ClientConfig.builder().fetchSize(50).build());
        ResultCursor cursor = await(client.session().run("rows", Map.of("n", 5_000L)));
        assertThat(await(cursor.nextAsync()).getLong("i")).isZero();
        assertThat(await(cursor.peekAsync()).getLong("i")).isEqualTo(1); // buffered when forEach starts
        List<Long> seen = new java.util.ArrayList<>();

        ResultSummary summary = await(cursor.forEachAsync(record -> seen.add(record.getLong("i"))));

        assertThat(summary).isNotNull();
        assertThat(seen).hasSize(4_999);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("record %d", i).isEqualTo(i + 1L);
        }
        assertThat(await(cursor.nextAsync())).as("nothing left").isNull();
    }

    @Test
    void forEachOnAResultWhoseStreamHasEndedGivesTheBufferedRecordsThenTheSummary() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        ResultCursor cursor = await(client.session().run("rows", Map.of("n", 3L)));
        ResultSummary ended = await(cursor.summary()); // every record is buffered by now
        List<Long> seen = new java.util.ArrayList<>();

        assertThat(await(cursor.forEachAsync(record -> seen.add(record.getLong("i"))))).isSameAs(ended);
        assertThat(seen).containsExactly(0L, 1L, 2L);
        assertThat(await(cursor.forEachAsync(record -> seen.add(-1L)))).isSameAs(ended);
        assertThat(seen).hasSize(3);
    }

    @Test
    void aForEachActionThatThrowsFailsTheForEachAndTheRestCanStillBeRead() {
        start(BoltVersion.ALL, ClientConfig.builder().fetchSize(10).build());
        ResultCursor cursor = await(client.session().run("rows", Map.of("n", 100L)));
        IllegalStateException boom = new IllegalStateException("boom");

        assertThat(ScriptedClientTests.failureOf(cursor.forEachAsync(record -> {
            if (record.getLong("i") == 25) {
                throw boom;
            }
        }))).isSameAs(boom);
        long rest = 0;
        Record next;
        while ((next = await(cursor.nextAsync())) != null) {
            assertThat(next.getLong("i")).isEqualTo(26 + rest);
            rest++;
        }
        assertThat(rest).isEqualTo(74);
    }

    @Test
    void largeResultsStreamInFetchSizeBatchesWithoutRunningAhead() {
        start(BoltVersion.ALL, ClientConfig.builder().fetchSize(50).build());
        ResultCursor cursor = await(client.session().run("rows", Map.of("n", 10_000L)));
        Record first = await(cursor.nextAsync());
        assertThat(first.getLong("i")).isZero();
        assertThat(produced.get()).isLessThanOrEqualTo(50 + 128);
        long sum = first.getLong("i");
        long count = 1;
        Record next;
        while ((next = await(cursor.nextAsync())) != null) {
            sum += next.getLong("i");
            count++;
        }
        assertThat(count).isEqualTo(10_000);
        assertThat(sum).isEqualTo(9999L * 10_000 / 2);
        assertThat(await(client.session().run("rows", Map.of("n", 1234L)).thenCompose(ResultCursor::listAsync)))
                .hasSize(1234);
    }

    @Test
    void explicitTransactionsCommitAndRollBackAndChainBookmarks() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        BoltSession session = client.session();
        BoltTransaction tx = await(session.beginTransaction());
        ResultCursor one = await(tx.run("RETURN $x", Map.of("x", 1L)));
        ResultCursor two = await(tx.run("RETURN $y", Map.of("y", 2L)));
        assertThat(await(one.listAsync())).singleElement().satisfies(r -> assertThat(r.getLong("x")).isEqualTo(1));
        ResultCursor unread = await(tx.run("RETURN $z", Map.of("z", 3L)));
        assertThat(await(two.listAsync())).singleElement().satisfies(r -> assertThat(r.getLong("y")).isEqualTo(2));
        String bookmark = await(tx.commit());
        assertThat(bookmark).startsWith("bm-tx-");
        // like the official drivers: commit discards what was not read, and the result is closed
        assertThatThrownBy(() -> BlockingSession.await(unread.nextAsync())).isInstanceOf(BoltClientException.ResultConsumed.class);
        assertThat(session.lastBookmarks()).containsExactly(bookmark);
        Record seen = await(session.run("bookmarks").thenCompose(ResultCursor::singleAsync));
        assertThat(seen.get("bookmarks")).isEqualTo(List.of(bookmark));

        BoltTransaction other = await(session.beginTransaction());
        await(other.run("RETURN 1"));
        await(other.rollback());
        assertThat(events).containsExactly("commit", "rollback");
    }

    @Test
    void managedTransactionsRetryTransientErrors() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        Boolean ok = await(client.session().executeWrite(tx -> tx.run("flaky")
                .thenCompose(ResultCursor::singleAsync).thenApply(r -> r.getBoolean("ok"))));
        assertThat(ok).isTrue();
        assertThat(transientFailures).hasValue(3);
        assertThat(events).containsExactly("rollback", "rollback", "commit");
    }

    @Test
    void errorsAreTypedAndTheConnectionRecovers() {
        start(BoltVersion.ALL, ClientConfig.builder().maxPoolSize(1).build());
        BoltSession session = client.session();
        assertThatThrownBy(() -> await(session.run("bad"))).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(BoltClientException.ClientError.class).hasMessageContaining("bad statement")
                .satisfies(e -> assertThat(((BoltClientException) e).code()).isEqualTo(StatusCodes.SYNTAX_ERROR));
        assertThat(await(session.run("RETURN $x", Map.of("x", 5L)).thenCompose(ResultCursor::singleAsync))
                .getLong("x")).isEqualTo(5);
        assertThat(client.connectionsIdle() + client.connectionsInUse()).isEqualTo(1);

        BoltClient wrong = BoltClient.create("bolt://127.0.0.1:" + server.port(), AuthToken.basic("neo4j", "nope"));
        try {
            assertThatThrownBy(() -> await(wrong.verifyConnectivity())).cause()
                    .isInstanceOf(BoltClientException.Authentication.class).hasMessageContaining("bad password");
        } finally {
            wrong.close();
        }
    }

    @Test
    void concurrentWorkSharesABoundedPool() {
        start(BoltVersion.ALL, ClientConfig.builder().maxPoolSize(3).build());
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (long i = 0; i < 50; i++) {
            all.add(client.session().run("RETURN $i", Map.of("i", i)).thenCompose(ResultCursor::singleAsync)
                    .thenApply(r -> r.getLong("i")).toCompletableFuture());
        }
        long sum = all.stream().mapToLong(CompletableFuture::join).sum();
        assertThat(sum).isEqualTo(49L * 50 / 2);
        assertThat(server.activeConnections()).isLessThanOrEqualTo(3);
    }

    /** A client whose token comes from the returned reference, first alice's. */
    private java.util.concurrent.atomic.AtomicReference<AuthToken> rotatingClient(List<BoltVersion> versions) {
        start(versions, ClientConfig.defaults());
        client.close();
        java.util.concurrent.atomic.AtomicReference<AuthToken> token =
                new java.util.concurrent.atomic.AtomicReference<>(AuthToken.basic("alice", "secret"));
        client = BoltClient.create("bolt://127.0.0.1:" + server.port(), token::get, ClientConfig.defaults());
        return token;
    }

    private Record whoami() {
        return await(client.session().run("whoami").thenCompose(ResultCursor::singleAsync));
    }

    @Test
    void rotatedCredentialsReauthenticateThePooledConnection() {
        java.util.concurrent.atomic.AtomicReference<AuthToken> token = rotatingClient(BoltVersion.ALL);
        Record first = whoami();
        token.set(AuthToken.basic("bob", "secret"));
        Record second = whoami();
        assertThat(first.getString("user")).isEqualTo("alice");
        assertThat(second.getString("user")).isEqualTo("bob");
        assertThat(second.getString("connection")).as("same connection, re-authenticated in place")
                .isEqualTo(first.getString("connection"));
        token.set(AuthToken.basic("mallory", "wrong"));
        // the re-authentication is pipelined: the query it went out with fails with LOGON's error
        Throwable refused = ScriptedClientTests.failureOf(client.session().run("whoami"));
        assertThat(refused instanceof java.util.concurrent.CompletionException ? refused.getCause() : refused)
                .isInstanceOf(BoltClientException.Authentication.class);
    }

    @Test
    void recordsStreamAsAFlowPublisherWithBackPressure() throws Exception {
        start(BoltVersion.ALL, ClientConfig.builder().fetchSize(100).build());
        List<Long> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Flow.Subscription> subscription =
                new java.util.concurrent.atomic.AtomicReference<>();
        client.session().stream("rows", Map.of("n", 5000L)).subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                subscription.set(s);
                s.request(10);
            }

            @Override
            public void onNext(Record item) {
                seen.add(item.getLong("i"));
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        Await.until("the 10 rows asked for", Duration.ofSeconds(5), () -> seen.size() >= 10);
        Await.stable("rows the server produced", Duration.ofMillis(200), Duration.ofSeconds(10), produced::get);
        assertThat(seen).as("no more rows than asked for").hasSize(10);
        assertThat(produced.get()).isLessThanOrEqualTo(100 + 128);
        subscription.get().request(Long.MAX_VALUE);
        done.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(seen).hasSize(5000);
        assertThat(seen.get(4999)).isEqualTo(4999L);
    }

    @Test
    void aSlowServerThatKeepsItsRecvTimeoutPromiseWithNoopsIsWaitedFor() {
        server = BoltServer.builder().port(0).recvTimeoutHint(java.time.Duration.ofSeconds(1))
                .queryHandler(query -> CompletableFuture.supplyAsync(() -> QueryResult.single(Map.of("late", true)),
                        CompletableFuture.delayedExecutor(2500, java.util.concurrent.TimeUnit.MILLISECONDS)))
                .start();
        client = BoltClient.create("bolt://127.0.0.1:" + server.port(), AuthToken.none());
        Record record = await(client.session().run("slow").thenCompose(ResultCursor::singleAsync));
        assertThat(record.getBoolean("late")).isTrue();
    }

    @Test
    void theBlockingFacadeRunsQueriesAndRetriesManagedTransactions() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        BlockingSession session = client.session().blocking();
        assertThat(session.run("RETURN $x", Map.of("x", 3L))).singleElement()
                .satisfies(r -> assertThat(r.getLong("x")).isEqualTo(3));
        boolean ok = session.executeWrite(tx -> tx.run("flaky").get(0).getBoolean("ok"));
        assertThat(ok).isTrue();
        assertThat(transientFailures).hasValue(3);
        try (BlockingSession.BlockingTransaction tx = session.beginTransaction()) {
            tx.run("RETURN 1");
        }
        assertThat(events).containsExactly("rollback", "rollback", "commit", "rollback");
        assertThatThrownBy(() -> session.run("bad")).isInstanceOf(BoltClientException.ClientError.class);
        assertThat(session.lastBookmarks()).isNotEmpty();
    }

    @Test
    void tlsWithTrustAllForSelfSignedServers() throws Exception {
        io.netty.pkitesting.X509Bundle cert = new io.netty.pkitesting.CertificateBuilder().subject("CN=localhost")
                .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        server = BoltServer.builder().port(0).tls(io.netty.handler.ssl.SslContextBuilder.forServer(
                cert.toKeyManagerFactory()).build(), true)
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("secure", true))))
                .start();
        client = BoltClient.create("bolt+ssc://127.0.0.1:" + server.port(), AuthToken.none());
        assertThat(await(client.session().run("RETURN").thenCompose(ResultCursor::singleAsync)).getBoolean("secure"))
                .isTrue();
        try (BoltClient verifying = BoltClient.create("bolt+s://127.0.0.1:" + server.port(), AuthToken.none(),
                ClientConfig.builder().connectTimeout(java.time.Duration.ofSeconds(5)).build())) {
            assertThatThrownBy(() -> await(verifying.verifyConnectivity())).cause()
                    .isInstanceOf(BoltClientException.ServiceUnavailable.class);
        }
        io.netty.handler.ssl.SslContext trustCa = io.netty.handler.ssl.SslContextBuilder.forClient()
                .trustManager(cert.toTrustManagerFactory()).endpointIdentificationAlgorithm("HTTPS").build();
        try (BoltClient custom = BoltClient.create("bolt+s://127.0.0.1:" + server.port(), AuthToken.none(),
                ClientConfig.builder().sslContext(trustCa).build())) {
            assertThat(await(custom.session().run("RETURN").thenCompose(ResultCursor::singleAsync))
                    .getBoolean("secure")).isTrue();
        }
    }

    @Test
    void thePoolBoundsWaitersAndTimesOutAcquisition() {
        start(BoltVersion.ALL, ClientConfig.builder().maxPoolSize(1).maxWaiters(1)
                .acquisitionTimeout(java.time.Duration.ofMillis(300)).build());
        ResultCursor held = await(client.session().run("rows", Map.of("n", 10_000L)));
        CompletionStage<ResultCursor> waiting = client.session().run("RETURN 1");
        assertThatThrownBy(() -> await(client.session().run("RETURN 2"))).cause()
                .isInstanceOf(BoltClientException.ClientError.class).hasMessageContaining("full");
        assertThatThrownBy(() -> await(waiting)).cause().isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("Unable to acquire");
        await(held.consumeAsync());
        assertThat(await(client.session().run("RETURN $x", Map.of("x", 1L)).thenCompose(ResultCursor::singleAsync))
                .getLong("x")).isEqualTo(1);
    }

    @Test
    void connectionsPastTheirLifetimeAreReplacedAndIdleOnesAreCheckedFirst() {
        ManualClock clock = new ManualClock();
        start(BoltVersion.ALL, ClientConfig.builder().maxPoolSize(1).clock(clock)
                .maxConnectionLifetime(java.time.Duration.ofMinutes(10))
                .livenessCheckAfter(java.time.Duration.ofMinutes(1)).build());
        String first = whoami().getString("connection");
        long before = serverBytesRead.get();
        assertThat(whoami().getString("connection")).as("reused at once").isEqualTo(first);
        long plainReuse = serverBytesRead.get() - before;

        clock.advance(java.time.Duration.ofMinutes(2));
        before = serverBytesRead.get();
        assertThat(whoami().getString("connection")).as("idle beyond the liveness threshold, checked and reused")
                .isEqualTo(first);
        assertThat(serverBytesRead.get() - before - plainReuse).as("the check: one RESET (00 02 B0 0F 00 00)")
                .isEqualTo(6);

        clock.advance(java.time.Duration.ofMinutes(10));
        assertThat(whoami().getString("connection")).as("past its lifetime").isNotEqualTo(first);
    }

    @Test
    void sessionAndTransactionSettingsReachTheServer() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        BoltSession session = client.session(SessionConfig.forDatabase("shop").withReadOnly(true)
                .withBookmarks(List.of("bm-earlier")).withImpersonatedUser("carol"));
        Record autoCommit = await(session.run("context").thenCompose(ResultCursor::singleAsync));
        assertThat(autoCommit.getString("database")).isEqualTo("shop");
        assertThat(autoCommit.getString("mode")).isEqualTo("READ");
        assertThat(autoCommit.get("bookmarks")).isEqualTo(List.of("bm-earlier"));
        assertThat(autoCommit.getString("impersonated")).isEqualTo("carol");
        assertThat(autoCommit.getLong("timeout")).isEqualTo(-1);
        List<String> afterAutoCommit = session.lastBookmarks();
        assertThat(afterAutoCommit).hasSize(1);

        BoltTransaction tx = await(session.beginTransaction(new TransactionConfig(java.time.Duration.ofSeconds(7),
                Map.of("app", "audit", "attempt", 1L))));
        Record inTx = await(tx.run("context").thenCompose(ResultCursor::singleAsync));
        await(tx.commit());
        assertThat(inTx.getString("database")).isEqualTo("shop");
        assertThat(inTx.getString("mode")).isEqualTo("READ");
        assertThat(inTx.getString("impersonated")).isEqualTo("carol");
        assertThat(inTx.getLong("timeout")).isEqualTo(7000);
        assertThat(inTx.get("metadata")).isEqualTo(Map.of("app", "audit", "attempt", 1L));
        assertThat(inTx.get("bookmarks")).as("the auto-commit query's bookmark, chained").isEqualTo(afterAutoCommit)
                .isNotEqualTo(List.of("bm-earlier"));
    }

    @Test
    void bearerAndCustomTokensReachTheServersAuthenticator() {
        List<Map<String, Object>> tokens = new CopyOnWriteArrayList<>();
        server = BoltServer.builder().port(0)
                .authenticator(token -> {
                    tokens.add(token.fields());
                    return new BoltUser(token.principal() == null ? "sso-user" : token.principal());
                })
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(
                        Map.of("user", q.context().principal().getName()))))
                .start();
        String uri = "bolt://127.0.0.1:" + server.port();
        try (BoltClient bearer = BoltClient.create(uri, AuthToken.bearer("eyJhbGciOi.jwt"))) {
            assertThat(await(bearer.session().run("WHO").thenCompose(ResultCursor::singleAsync)).getString("user"))
                    .isEqualTo("sso-user");
        }
        try (BoltClient custom = BoltClient.create(uri, AuthToken.custom("kerberos", "dave", "ticket", "CORP",
                Map.of("tier", "gold")))) {
            assertThat(await(custom.session().run("WHO").thenCompose(ResultCursor::singleAsync)).getString("user"))
                    .isEqualTo("dave");
        }
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0)).containsEntry("scheme", "bearer").containsEntry("credentials", "eyJhbGciOi.jwt");
        assertThat(tokens.get(1)).containsEntry("scheme", "kerberos").containsEntry("principal", "dave")
                .containsEntry("credentials", "ticket").containsEntry("realm", "CORP")
                .containsEntry("parameters", Map.of("tier", "gold"));
    }

    @Test
    void trustedCertificatesReplaceTheSystemTrustAndTheHostnameIsVerified() throws Exception {
        io.netty.pkitesting.X509Bundle elsewhere = new io.netty.pkitesting.CertificateBuilder()
                .subject("CN=db.example.com").addSanDnsName("db.example.com").setIsCertificateAuthority(true)
                .ecp256().buildSelfSigned();
        io.netty.pkitesting.X509Bundle here = new io.netty.pkitesting.CertificateBuilder().subject("CN=localhost")
                .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        for (io.netty.pkitesting.X509Bundle cert : List.of(elsewhere, here)) {
            try (BoltServer tls = BoltServer.builder().port(0).tls(io.netty.handler.ssl.SslContextBuilder.forServer(
                    cert.toKeyManagerFactory()).build(), true)
                    .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("secure", true))))
                    .start();
                    BoltClient trusting = BoltClient.create("bolt+s://127.0.0.1:" + tls.port(), AuthToken.none(),
                            ClientConfig.builder().trustedCertificates(cert.getCertificate())
                                    .connectTimeout(java.time.Duration.ofSeconds(5)).build())) {
                if (cert == elsewhere) {
                    assertThatThrownBy(() -> await(trusting.verifyConnectivity())).as("trusted, but for another host")
                            .cause().isInstanceOf(BoltClientException.ServiceUnavailable.class)
                            .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
                } else {
                    assertThat(await(trusting.session().run("RETURN").thenCompose(ResultCursor::singleAsync))
                            .getBoolean("secure")).isTrue();
                }
            }
        }
    }

    @Test
    void aClientCertificateIsPresentedToAServerThatRequiresOne() throws Exception {
        io.netty.pkitesting.X509Bundle server = new io.netty.pkitesting.CertificateBuilder().subject("CN=localhost")
                .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        io.netty.pkitesting.X509Bundle me = new io.netty.pkitesting.CertificateBuilder().subject("CN=app")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        try (BoltServer tls = BoltServer.builder().port(0).tls(io.netty.handler.ssl.SslContextBuilder.forServer(
                server.toKeyManagerFactory()).trustManager(me.getCertificate())
                .clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE).build(), true)
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("mutual", true))))
                .start();
                BoltClient anonymous = BoltClient.create("bolt+s://127.0.0.1:" + tls.port(), AuthToken.none(),
                        ClientConfig.builder().trustedCertificates(server.getCertificate()).build());
                BoltClient known = BoltClient.create("bolt+s://127.0.0.1:" + tls.port(), AuthToken.none(),
                        ClientConfig.builder().trustedCertificates(server.getCertificate())
                                .clientCertificate(me.getKeyPair().getPrivate(), me.getCertificate()).build())) {
            assertThatThrownBy(() -> await(anonymous.verifyConnectivity())).as("no certificate, no connection")
                    .cause().isInstanceOf(BoltClientException.class);
            assertThat(await(known.session().run("RETURN").thenCompose(ResultCursor::singleAsync))
                    .getBoolean("mutual")).isTrue();
            assertThat(known.isEncrypted()).isTrue();
        }
    }

    @Test
    void rotatedCredentialsOnBolt50ReplaceTheConnectionAsItCannotReauthenticate() {
        java.util.concurrent.atomic.AtomicReference<AuthToken> token = rotatingClient(List.of(BoltVersion.V5_0));
        Record first = whoami();
        token.set(AuthToken.basic("bob", "secret"));
        Record second = whoami();
        assertThat(first.getString("user")).isEqualTo("alice");
        assertThat(second.getString("user")).isEqualTo("bob");
        assertThat(second.getString("connection")).as("a new connection with the new token")
                .isNotEqualTo(first.getString("connection"));
        assertThat(client.connectionsIdle() + client.connectionsInUse()).as("the old one is closed").isEqualTo(1);
    }

    private static final UUID SERVER_ID = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final UUID CLIENT_ID = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");

    private Record single(BoltSession session, String query, Map<String, Object> parameters) {
        return await(session.run(query, parameters).thenCompose(ResultCursor::singleAsync));
    }

    @Test
    void uuidsTravelBothWaysOnBolt61() {
        start(BoltVersion.ALL, ClientConfig.defaults());
        BoltSession session = client.session();
        Record fromServer = single(session, "uuid", Map.of());
        assertThat(fromServer.getString("version")).isEqualTo("6.1");
        assertThat(fromServer.get("serverId")).isEqualTo(SERVER_ID);
        assertThat(fromServer.get("inList")).isEqualTo(List.of(SERVER_ID, 1L));
        assertThat(single(session, "RETURN $id", Map.of("id", CLIENT_ID)).get("id")).isEqualTo(CLIENT_ID);
    }

    @Test
    void aClientThatStopsAt60ReadsAServerUuidAsUnsupportedType() {
        start(BoltVersion.ALL, ClientConfig.builder().versions(List.of(BoltVersion.V6_0)).build());
        Record record = single(client.session(), "uuid", Map.of());
        assertThat(record.getString("version")).isEqualTo("6.0");
        assertThat(record.get("serverId")).isInstanceOfSatisfying(UnsupportedType.class, u -> {
            assertThat(u.name()).isEqualTo("UUID");
            assertThat(u.minimumVersion()).isEqualTo(BoltVersion.V6_1);
            assertThat(u.message()).contains("6.1");
        });
    }

    static List<BoltVersion> versionsBefore60() {
        return List.of(BoltVersion.V4_4, BoltVersion.V5_0, BoltVersion.V5_8);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("versionsBefore60")
    void aClientBefore60ReadsAServerUuidAsAPlaceholderMap(BoltVersion version) {
        start(BoltVersion.ALL, ClientConfig.builder().versions(List.of(version)).build());
        Record record = single(client.session(), "uuid", Map.of());
        Map<String, Object> placeholder = Map.of("originalType", "UUID", "reason", "UNKNOWN_TYPE");
        assertThat(record.getString("version")).isEqualTo(version.toString());
        assertThat(record.get("serverId")).isEqualTo(placeholder);
        assertThat(record.get("inList")).isEqualTo(List.of(placeholder, 1L));
    }

    static List<BoltVersion> serversBefore61() {
        return List.of(BoltVersion.V4_4, BoltVersion.V5_8, BoltVersion.V6_0);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("serversBefore61")
    void aUuidParameterForAServerBelow61FailsThatQueryAloneAndNothingIsSent(BoltVersion version) {
        start(List.of(version), ClientConfig.builder().maxPoolSize(1).build());
        BoltSession session = client.session();
        String connection = single(session, "whoami", Map.of()).getString("connection");
        Map<String, Object> params = Map.of("ids", List.of(CLIENT_ID));
        assertThatThrownBy(() -> await(session.run("RETURN $ids", params))).cause()
                .isInstanceOf(BoltClientException.ClientError.class)
                .hasMessageContaining("Bolt " + version).hasMessageContaining("UUID values need Bolt 6.1 or later");
        // in a transaction: the RUN fails, the transaction still rolls back cleanly
        BoltTransaction tx = await(session.beginTransaction());
        assertThatThrownBy(() -> await(tx.run("RETURN $ids", params))).cause()
                .isInstanceOf(BoltClientException.ClientError.class).hasMessageContaining("UUID");
        await(tx.rollback());
        // the same connection serves the next query; the refused ones never reached the server
        assertThat(single(session, "whoami", Map.of()).getString("connection")).isEqualTo(connection);
        assertThat(single(session, "RETURN $x", Map.of("x", 9L)).getLong("x")).isEqualTo(9);
        assertThat(statements).doesNotContain("RETURN $ids").contains("RETURN $x");
        assertThat(client.connectionsIdle() + client.connectionsInUse()).isEqualTo(1);
    }
}
