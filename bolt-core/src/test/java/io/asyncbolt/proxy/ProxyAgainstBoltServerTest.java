package io.asyncbolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.ResultSummary;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.TransientException;

/**
 * The official Java driver through a {@link BoltProxy} to an asyncbolt {@link BoltServer} whose handlers
 * play the upstream database and record what reached them.
 */
class ProxyAgainstBoltServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<Query> upstreamQueries = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> upstreamTransactions = new LinkedBlockingQueue<>();
    private final AtomicLong produced = new AtomicLong();
    private final CountDownLatch rowsClosed = new CountDownLatch(1);
    /** Counted down when the upstream produced its 20 000th row. */
    private final CountDownLatch twentyThousandProduced = new CountDownLatch(1);
    private final AtomicInteger transientFailuresLeft = new AtomicInteger();
    private BoltServer upstream;
    private BoltProxy proxy;
    private Driver driver;

    @BeforeEach
    void start() {
        upstream = BoltServer.builder().port(0)
                .authenticator(token -> {
                    if ("refused".equals(token.credentials())) {
                        throw new BoltException(StatusCodes.UNAUTHORIZED, "wrong password");
                    }
                    return new BoltUser(token.principal());
                })
                .queryHandler(this::answer)
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletionStage<Void> begin(Transaction tx) {
                        upstreamTransactions.add("begin " + tx.context().accessMode());
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletionStage<String> commit(Transaction tx) {
                        upstreamTransactions.add("commit");
                        return CompletableFuture.completedFuture("upstream-tx-bookmark-" + tx.id());
                    }

                    @Override
                    public CompletionStage<Void> rollback(Transaction tx) {
                        upstreamTransactions.add("rollback");
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .start();
        proxy = serviceAccountProxy("bolt://127.0.0.1:" + upstream.port());
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.basic("alice", "wonderland"),
                Config.builder().withMaxTransactionRetryTime(10, TimeUnit.SECONDS).build());
    }

    private static BoltProxy serviceAccountProxy(String upstreamUri) {
        return BoltProxy.builder(upstreamUri)
                .upstreamAuth(UpstreamAuth.serviceAccount(io.asyncbolt.client.AuthToken.basic("gateway", "s3cret"), true))
                .authenticator(token -> {
                    if (!"wonderland".equals(token.credentials())) {
                        throw new BoltException(StatusCodes.UNAUTHORIZED, "wrong password");
                    }
                    return new BoltUser(token.principal());
                })
                .clientConfig(ClientConfig.builder().connectTimeout(Duration.ofSeconds(2))
                        .acquisitionTimeout(Duration.ofSeconds(3)).build())
                .port(0)
                .start();
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private CompletionStage<QueryResult> answer(Query query) {
        upstreamQueries.add(query);
        String statement = query.normalizedStatement();
        if (statement.equals("RETURN $x AS x")) {
            return CompletableFuture.completedFuture(QueryResult.single(Map.of("x", query.parameters().get("x"))));
        }
        if (statement.equals("CREATE (:Person)")) {
            if (query.transaction() != null && transientFailuresLeft.getAndDecrement() > 0) {
                throw new BoltException("Neo.TransientError.Transaction.DeadlockDetected", "deadlock, try again");
            }
            return CompletableFuture.completedFuture(QueryResult.empty(new ResultSummary("w",
                    Map.of("nodes-created", 1L, "contains-updates", true), List.of(), "upstream-bookmark-1")));
        }
        if (statement.equals("UNWIND range(1, $n) AS i RETURN i")) {
            long n = ((Number) query.parameters().get("n")).longValue();
            return CompletableFuture.completedFuture(QueryResult.of(List.of("i"), new Rows(n)));
        }
        throw new BoltException("Neo.ClientError.Statement.SyntaxError", "Invalid input 'RETRUN'", "42001",
                "error: syntax error or access rule violation - invalid syntax", null);
    }

    /** Rows 1..n produced on demand, counted; closing (the proxy cancelled) is signalled. */
    private final class Rows implements Iterator<List<?>>, AutoCloseable {
        private final long n;
        private long next = 1;

        Rows(long n) {
            this.n = n;
        }

        @Override
        public boolean hasNext() {
            return next <= n;
        }

        @Override
        public List<?> next() {
            if (next > n) {
                throw new NoSuchElementException();
            }
            if (produced.incrementAndGet() == 20_000) {
                twentyThousandProduced.countDown();
            }
            return List.of(next++);
        }

        @Override
        public void close() {
            rowsClosed.countDown();
        }
    }

    private Query nextUpstreamQuery() throws InterruptedException {
        Query query = upstreamQueries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(query).as("a query reached the upstream").isNotNull();
        return query;
    }

    private String nextUpstreamTransactionEvent() throws InterruptedException {
        return upstreamTransactions.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void autoCommitQueryReachesUpstreamWithDatabaseModeBookmarksMetadataAndImpersonatedUser() throws Exception {
        try (Session session = driver.session(SessionConfig.builder().withDatabase("movies")
                .withDefaultAccessMode(AccessMode.READ)
                .withBookmarks(Bookmark.from("upstream-bookmark-0")).build())) {
            Record record = session.run(new org.neo4j.driver.Query("RETURN $x AS x", Map.of("x", "hello")),
                    org.neo4j.driver.TransactionConfig.builder().withMetadata(Map.of("app", "shop"))
                            .withTimeout(Duration.ofSeconds(7)).build()).single();
            assertThat(record.get("x").asString()).isEqualTo("hello");
        }
        Query seen = nextUpstreamQuery();
        assertThat(seen.parameters()).containsEntry("x", "hello");
        assertThat(seen.context().database()).isEqualTo("movies");
        assertThat(seen.context().accessMode()).isEqualTo(io.asyncbolt.server.AccessMode.READ);
        assertThat(seen.context().bookmarks()).containsExactly("upstream-bookmark-0");
        assertThat(seen.context().txMetadata()).containsEntry("app", "shop");
        assertThat(seen.context().txTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(seen.context().principal().getName()).isEqualTo("gateway");
        assertThat(seen.context().impersonatedUser()).isEqualTo("alice");
    }

    @Test
    void writeCountersAndTheUpstreamBookmarkComeBack() {
        try (Session session = driver.session()) {
            org.neo4j.driver.summary.ResultSummary summary = session.run("CREATE (:Person)").consume();
            assertThat(summary.counters().nodesCreated()).isEqualTo(1);
            assertThat(summary.counters().containsUpdates()).isTrue();
            assertThat(session.lastBookmarks()).containsExactly(Bookmark.from("upstream-bookmark-1"));
        }
    }

    @Test
    void upstreamFailureReachesTheClientWithItsCodeAndMessage() {
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETRUN 1").consume())
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
                        assertThat(e.getMessage()).isEqualTo("Invalid input 'RETRUN'");
                        assertThat(e.gqlStatus()).isEqualTo("42001");
                    });
            // the connection carries on
            assertThat(session.run("RETURN $x AS x", Map.of("x", 2L)).single().get("x").asLong()).isEqualTo(2);
        }
    }

    @Test
    void hundredThousandRowsStreamWithBoundedBufferingInTheProxy() throws Exception {
        long total = 100_000;
        long maxAhead = 0;
        try (Session session = driver.session(SessionConfig.builder().withFetchSize(1000).build())) {
            Result result = session.run("UNWIND range(1, $n) AS i RETURN i", Map.of("n", total));
            long read = 0;
            while (result.hasNext()) {
                long value = result.next().get("i").asLong();
                read++;
                assertThat(value).isEqualTo(read);
                maxAhead = Math.max(maxAhead, produced.get() - read);
                if (read == 1000) {
                    // a reader that stops: the upstream is not drained into the proxy behind its back
                    assertThat(twentyThousandProduced.await(2, TimeUnit.SECONDS))
                            .as("20 000 rows produced while nobody reads").isFalse();
                }
            }
            assertThat(read).isEqualTo(total);
        }
        // driver batch (1000) + proxy server batch (128) + proxy cursor (1.5 x 1000) + upstream engine batch (128)
        assertThat(maxAhead).isLessThan(5_000);
    }

    @Test
    void resetMidStreamStopsTheUpstreamResult() throws Exception {
        // a reset session is finished as far as the driver goes: it is not used (nor closed) afterwards
        Session session = driver.session(SessionConfig.builder().withFetchSize(100).build());
        Result result = session.run("UNWIND range(1, $n) AS i RETURN i", Map.of("n", 1_000_000L));
        for (int i = 1; i <= 10; i++) {
            assertThat(result.next().get("i").asLong()).isEqualTo(i);
        }
        ((org.neo4j.driver.internal.InternalSession) session).reset();
        assertThat(rowsClosed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("upstream rows closed").isTrue();
        assertThat(produced.get()).isLessThan(1_000_000L);
        try (Session next = driver.session()) {
            assertThat(next.run("RETURN $x AS x", Map.of("x", 3L)).single().get("x").asLong()).isEqualTo(3);
        }
    }

    @Test
    void explicitTransactionIsOneUpstreamTransaction() throws Exception {
        try (Session session = driver.session()) {
            try (org.neo4j.driver.Transaction tx = session.beginTransaction()) {
                assertThat(tx.run("CREATE (:Person)").consume().counters().nodesCreated()).isEqualTo(1);
                assertThat(tx.run("RETURN $x AS x", Map.of("x", 1L)).single().get("x").asLong()).isEqualTo(1);
                tx.commit();
            }
            assertThat(session.lastBookmarks()).singleElement().satisfies(b ->
                    assertThat(b.value()).startsWith("upstream-tx-bookmark-"));
        }
        assertThat(nextUpstreamTransactionEvent()).isEqualTo("begin WRITE");
        assertThat(nextUpstreamTransactionEvent()).isEqualTo("commit");
        assertThat(nextUpstreamQuery().transaction()).isNotNull();
        assertThat(proxy.openTransactions()).isZero();
    }

    @Test
    void rollbackResetAndVanishedClientRollBackUpstream() throws Exception {
        SessionConfig read = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ).build();
        try (Session session = driver.session(read)) {
            org.neo4j.driver.Transaction tx = session.beginTransaction();
            tx.run("RETURN $x AS x", Map.of("x", 1L)).consume();
            tx.rollback();
            assertThat(nextUpstreamTransactionEvent()).isEqualTo("begin READ");
            assertThat(nextUpstreamTransactionEvent()).isEqualTo("rollback");
        }
        Session resetting = driver.session(read);
        Result rows = resetting.beginTransaction().run("UNWIND range(1, $n) AS i RETURN i", Map.of("n", 1_000_000L));
        rows.next();
        ((org.neo4j.driver.internal.InternalSession) resetting).reset();
        assertThat(nextUpstreamTransactionEvent()).isEqualTo("begin READ");
        assertThat(nextUpstreamTransactionEvent()).isEqualTo("rollback");
        Session session = driver.session();
        org.neo4j.driver.Transaction open = session.beginTransaction();
        open.run("CREATE (:Person)").consume();
        assertThat(nextUpstreamTransactionEvent()).isEqualTo("begin WRITE");
        driver.close(); // the client goes away in the middle of its transaction
        driver = null;
        assertThat(nextUpstreamTransactionEvent()).isEqualTo("rollback");
        assertThat(proxy.openTransactions()).isZero();
    }

    @Test
    void executeWriteRetriesATransientUpstreamErrorThroughTheProxy() throws Exception {
        transientFailuresLeft.set(2);
        try (Session session = driver.session()) {
            int created = session.executeWrite(tx -> tx.run("CREATE (:Person)").consume().counters().nodesCreated());
            assertThat(created).isEqualTo(1);
        }
        assertThat(List.of(nextUpstreamTransactionEvent(), nextUpstreamTransactionEvent(),
                nextUpstreamTransactionEvent(), nextUpstreamTransactionEvent(), nextUpstreamTransactionEvent(),
                nextUpstreamTransactionEvent())).containsExactly("begin WRITE", "rollback", "begin WRITE", "rollback",
                        "begin WRITE", "commit");
    }

    @Test
    void unreachableUpstreamIsATransientErrorTheDriversRetry() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (BoltProxy nowhere = serviceAccountProxy("bolt://127.0.0.1:" + closedPort);
                Driver client = GraphDatabase.driver("bolt://127.0.0.1:" + nowhere.port(),
                        AuthTokens.basic("alice", "wonderland"))) {
            try (Session session = client.session()) {
                assertThatThrownBy(() -> session.run("RETURN 1").consume())
                        .isInstanceOfSatisfying(TransientException.class, e ->
                                assertThat(e.code()).isEqualTo("Neo.TransientError.General.DatabaseUnavailable"));
            }
        }
    }

    @Test
    void wrongDownstreamPasswordIsRefusedByTheProxy() {
        try (Driver intruder = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(),
                AuthTokens.basic("alice", "guess"))) {
            assertThatThrownBy(intruder::verifyConnectivity).isInstanceOf(AuthenticationException.class);
        }
        assertThat(upstreamQueries).isEmpty();
    }

    @Test
    void routingDriverIsToldTheProxyAddress() throws Exception {
        try (Driver routing = GraphDatabase.driver("neo4j://127.0.0.1:" + proxy.port(),
                AuthTokens.basic("alice", "wonderland"))) {
            var result = routing.executableQuery("RETURN $x AS x").withParameters(Map.of("x", 5L)).execute();
            assertThat(result.records()).singleElement().satisfies(r -> assertThat(r.get("x").asLong()).isEqualTo(5));
            assertThat(result.summary().server().address()).isEqualTo("127.0.0.1:" + proxy.port());
        }
    }

    @Test
    void passThroughRunsUpstreamAsTheCallerWithOneClientPerCredentialSet() throws Exception {
        try (BoltProxy passing = BoltProxy.builder("bolt://127.0.0.1:" + upstream.port())
                .upstreamAuth(UpstreamAuth.passThrough(2)).port(0).start()) {
            for (String user : List.of("ann", "bob", "cid")) {
                try (Driver client = GraphDatabase.driver("bolt://127.0.0.1:" + passing.port(),
                        AuthTokens.basic(user, user + "-pw"))) {
                    client.executableQuery("RETURN $x AS x").withParameters(Map.of("x", user)).execute();
                }
                Query seen = nextUpstreamQuery();
                assertThat(seen.context().principal().getName()).isEqualTo(user);
                assertThat(seen.context().impersonatedUser()).isNull();
            }
            assertThat(passing.upstreamClients()).isEqualTo(2);
            try (Driver intruder = GraphDatabase.driver("bolt://127.0.0.1:" + passing.port(),
                    AuthTokens.basic("eve", "refused"))) {
                assertThatThrownBy(intruder::verifyConnectivity).isInstanceOf(AuthenticationException.class);
            }
            assertThat(passing.upstreamClients()).as("refused credentials take no upstream client's place").isEqualTo(2);
        }
    }
}
