package io.asyncbolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.neo4j.Neo4jProcess;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.StatusCodes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * The official Java driver through a {@link BoltProxy} to a real Neo4j 5.26 (neo4j-harness in its own JVM),
 * with a byte-counting relay between the proxy and Neo4j.
 */
class ProxyAgainstNeo4jTest {

    private static final String ALICE_UPSTREAM_PASSWORD = "alice-upstream-pw";

    private static Neo4jProcess neo4j;
    private static io.asyncbolt.testing.TcpRelay relay;
    private static BoltProxy proxy;
    private static Driver direct;
    private static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Neo4jProcess.available(),
                "neo4j-harness's class path is resolved by the bolt-test-tools/neo4j module of a full build");
        neo4j = Neo4jProcess.shared();
        direct = GraphDatabase.driver(neo4j.boltUri(), AuthTokens.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD));
        try (Session system = direct.session(SessionConfig.forDatabase("system"))) {
            system.run("CREATE OR REPLACE USER alice SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", ALICE_UPSTREAM_PASSWORD)).consume();
        }
        relay = new io.asyncbolt.testing.TcpRelay(neo4j.port());
        proxy = BoltProxy.builder("bolt://127.0.0.1:" + relay.port())
                .upstreamAuth(UpstreamAuth.serviceAccount(
                        io.asyncbolt.client.AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD), false))
                .authenticator(ProxyAgainstNeo4jTest::gatewayUsers)
                .port(0)
                .start();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.basic("alice", "wonderland"));
    }

    private static BoltUser gatewayUsers(io.asyncbolt.server.AuthToken token) {
        if (!"alice".equals(token.principal()) || !"wonderland".equals(token.credentials())) {
            throw new BoltException(StatusCodes.UNAUTHORIZED, "unknown user or wrong password");
        }
        return new BoltUser("alice");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {driver, proxy, relay, direct}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static long countDirect(String label, String tag) {
        try (Session session = direct.session()) {
            return session.run("MATCH (n:" + label + " {tag: $tag}) RETURN count(n) AS c", Map.of("tag", tag))
                    .single().get("c").asLong();
        }
    }

    @Test
    void writeThenReadInAnotherSessionWithTheWritesBookmark() {
        String tag = UUID.randomUUID().toString();
        Set<Bookmark> bookmarks;
        try (Session write = driver.session()) {
            var summary = write.run("CREATE (:ProxyPerson {tag: $tag}), (:ProxyPerson {tag: $tag})",
                    Map.of("tag", tag)).consume();
            assertThat(summary.counters().nodesCreated()).isEqualTo(2);
            assertThat(summary.counters().propertiesSet()).isEqualTo(2);
            bookmarks = write.lastBookmarks();
        }
        assertThat(bookmarks).singleElement().satisfies(b -> assertThat(b.value()).isNotBlank());
        try (Session read = driver.session(SessionConfig.builder().withDefaultAccessMode(AccessMode.READ)
                .withBookmarks(bookmarks).build())) {
            assertThat(read.run("MATCH (n:ProxyPerson {tag: $tag}) RETURN count(n) AS c", Map.of("tag", tag))
                    .single().get("c").asLong()).isEqualTo(2);
        }
        assertThat(countDirect("ProxyPerson", tag)).isEqualTo(2);
    }

    @Test
    void executeWriteCommitsAndRollbackUndoesUpstream() {
        String tag = UUID.randomUUID().toString();
        try (Session session = driver.session()) {
            for (int i = 0; i < 2; i++) {
                long value = session.executeWrite(tx -> tx.run("MERGE (c:ProxyCounter {tag: $tag}) "
                        + "ON CREATE SET c.n = 1 ON MATCH SET c.n = c.n + 1 RETURN c.n AS n", Map.of("tag", tag))
                        .single().get("n").asLong());
                assertThat(value).isEqualTo(i + 1);
            }
            try (Transaction tx = session.beginTransaction()) {
                tx.run("CREATE (:ProxyCounter {tag: $tag})", Map.of("tag", tag)).consume();
                tx.rollback();
            }
        }
        assertThat(countDirect("ProxyCounter", tag)).isEqualTo(1);
    }

    @Test
    void hundredThousandRowsStreamWhileTheUpstreamSendsOnlyWhatIsRead() throws Exception {
        long sum = 0;
        long read = 0;
        try (Session session = driver.session(SessionConfig.builder().withFetchSize(1000).build())) {
            Result result = session.run("UNWIND range(1, 100000) AS i RETURN i");
            while (result.hasNext()) {
                sum += result.next().get("i").asLong();
                read++;
                if (read == 1000) {
                    // about 11 bytes a row: 200 kB would be some 18 000 rows taken from Neo4j while nobody reads
                    CountDownLatch flooded = relay.whenMoreThan(200_000);
                    assertThat(flooded.await(2, TimeUnit.SECONDS)).as("Neo4j sent 200 kB more while nobody read")
                            .isFalse();
                }
            }
        }
        assertThat(read).isEqualTo(100_000);
        assertThat(sum).isEqualTo(100_000L * 100_001 / 2);
    }

    @Test
    void aMillionRowsStreamThroughTheProxyWhichNeverHoldsMoreThanAFewBatches() {
        // the build's paranoid leak detection records every buffer: far slower for a stream this long
        io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.SIMPLE);
        try {
            streamAMillionRows();
        } finally {
            io.netty.util.ResourceLeakDetector.setLevel(level);
        }
    }

    private static void streamAMillionRows() {
        long start = relay.bytesFromServer();
        long read = 0;
        long sum = 0;
        try (Session session = driver.session(SessionConfig.builder().withFetchSize(1000).build())) {
            Result result = session.run("UNWIND range(1, 1000000) AS i RETURN i");
            while (result.hasNext()) {
                sum += result.next().get("i").asLong();
                read++;
                if (read % 50_000 == 0) {
                    // Neo4j sends only what is pulled: the rows it sent beyond those read are all anyone buffers
                    long sent = relay.bytesFromServer() - start;
                    long ahead = rowsIn(sent) - read;
                    assertThat(ahead).as("rows Neo4j sent beyond the %d read", read).isLessThan(10_000);
                }
            }
        }
        assertThat(read).isEqualTo(1_000_000);
        assertThat(sum).isEqualTo(1_000_000L * 1_000_001 / 2);
    }

    /**
     * The most rows {@code bytes} can hold: RECORD [i] for i = 1, 2, ... takes 7 bytes plus the integer (1 byte
     * up to 127, 3 up to 32767, else 5), so this overstates what arrived and the bound above is conservative.
     */
    private static long rowsIn(long bytes) {
        long rows = 0;
        long left = bytes;
        for (long i = 1; ; i++) {
            long size = 7 + (i <= 127 ? 1 : i <= 32_767 ? 3 : 5);
            if (left < size) {
                return rows;
            }
            left -= size;
            rows++;
        }
    }

    @Test
    void cypherShellWritesAndReadsThroughTheProxy() throws Exception {
        Assumptions.assumeTrue(io.asyncbolt.peers.CypherShellRunner.available(),
                "cypher-shell's class path is resolved by the bolt-test-tools module of a full build");
        String tag = UUID.randomUUID().toString();
        String uri = "bolt://127.0.0.1:" + proxy.port();
        var written = io.asyncbolt.peers.CypherShellRunner.run(uri, "alice", "wonderland",
                "CREATE (:ProxyShell {tag: '" + tag + "'}) RETURN 'created' AS done");
        assertThat(written.exitCode()).as(written.stderr()).isZero();
        assertThat(written.stdout().lines().toList()).containsExactly("done", "\"created\"");
        var read = io.asyncbolt.peers.CypherShellRunner.run(uri, "alice", "wonderland",
                "MATCH (n:ProxyShell {tag: '" + tag + "'}) RETURN count(n) AS c");
        assertThat(read.exitCode()).as(read.stderr()).isZero();
        assertThat(read.stdout().lines().toList()).containsExactly("c", "1");
        assertThat(countDirect("ProxyShell", tag)).isEqualTo(1);

        var refused = io.asyncbolt.peers.CypherShellRunner.run(uri, "alice", "not-her-password", "RETURN 1");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr() + refused.stdout()).contains("unknown user or wrong password");
    }

    @Test
    void theNpmDriverRunsQueriesTransactionsAndManagedWritesThroughTheProxy() throws Exception {
        String tag = UUID.randomUUID().toString();
        Map<String, Object> scenario = Map.of("url", "bolt://127.0.0.1:" + proxy.port(), "user", "alice",
                "password", "wonderland", "steps", List.of(
                        Map.of("run", "CREATE (:ProxyNpm {tag: $tag}) RETURN 1 AS one", "params", Map.of("tag", tag)),
                        Map.of("tx", List.of(Map.of("query", "CREATE (:ProxyNpm {tag: $tag})",
                                "params", Map.of("tag", tag))), "commit", true),
                        Map.of("tx", List.of(Map.of("query", "CREATE (:ProxyNpm {tag: $tag})",
                                "params", Map.of("tag", tag))), "commit", false),
                        Map.of("executeWrite", "MATCH (n:ProxyNpm {tag: $tag}) RETURN count(n) AS c",
                                "params", Map.of("tag", tag)),
                        Map.of("run", "RETRUN 1")));
        var results = io.asyncbolt.peers.NodeDriverRunner.run(scenario);
        assertThat(results.get(0).get("server").asString()).startsWith("Neo4j/5.26");
        assertThat(results.get(1).get("bookmarks").size()).isEqualTo(1);
        assertThat(results.get(3).get("records").get(0).get("c").get("$int").asString()).isEqualTo("2");
        assertThat(results.get(4).get("error").get("code").asString()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(countDirect("ProxyNpm", tag)).isEqualTo(2);
    }

    @Test
    void resetMidStreamEndsTheUpstreamTransaction() throws Exception {
        String marker = "reset-" + UUID.randomUUID();
        Session session = driver.session(SessionConfig.builder().withFetchSize(100).build());
        Transaction tx = session.beginTransaction();
        Result rows = tx.run("UNWIND range(1, 1000000) AS i RETURN i, $marker AS marker", Map.of("marker", marker));
        for (int i = 1; i <= 10; i++) {
            assertThat(rows.next().get("i").asLong()).isEqualTo(i);
        }
        assertThat(upstreamTransactionsWith(marker)).isEqualTo(1);
        ((org.neo4j.driver.internal.InternalSession) session).reset(); // the session is not used afterwards
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (upstreamTransactionsWith(marker) > 0) {
            assertThat(System.nanoTime()).as("the upstream transaction ended").isLessThan(deadline);
        }
        try (Session next = driver.session()) {
            assertThat(next.run("RETURN 1 AS one").single().get("one").asLong()).isEqualTo(1);
        }
    }

    private static long upstreamTransactionsWith(String marker) {
        try (Session session = direct.session()) {
            return session.run("SHOW TRANSACTIONS YIELD currentQuery, parameters "
                    + "WHERE parameters.marker = $wanted RETURN count(*) AS c", Map.of("wanted", marker))
                    .single().get("c").asLong();
        }
    }

    @Test
    void neo4jsErrorsReachTheClientAsNeo4jSentThem() {
        Neo4jException expected;
        try (Session session = direct.session()) {
            expected = (Neo4jException) org.assertj.core.api.Assertions.catchThrowable(
                    () -> session.run("RETRUN 1").consume());
        }
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETRUN 1").consume())
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError")
                                .isEqualTo(expected.code());
                        assertThat(e.getMessage()).isEqualTo(expected.getMessage());
                        assertThat(e.gqlStatus()).isEqualTo(expected.gqlStatus());
                    });
            assertThat(session.run("RETURN 2 AS two").single().get("two").asLong()).isEqualTo(2);
        }
    }

    @Test
    void passedThroughCredentialsRunAsTheCallerUpstream() throws Exception {
        try (BoltProxy passing = BoltProxy.builder(neo4j.boltUri()).upstreamAuth(UpstreamAuth.passThrough(4)).port(0)
                .start()) {
            try (Driver alice = GraphDatabase.driver("bolt://127.0.0.1:" + passing.port(),
                    AuthTokens.basic("alice", ALICE_UPSTREAM_PASSWORD));
                    Session session = alice.session(SessionConfig.forDatabase("system"))) {
                assertThat(session.run("SHOW CURRENT USER YIELD user").single().get("user").asString())
                        .isEqualTo("alice");
            }
            try (Driver intruder = GraphDatabase.driver("bolt://127.0.0.1:" + passing.port(),
                    AuthTokens.basic("alice", "guess"))) {
                assertThatThrownBy(intruder::verifyConnectivity).isInstanceOf(AuthenticationException.class);
            }
        }
    }

    @Test
    void impersonatedUpstreamSessionBehavesAsTheDriversOwnImpersonation() throws Exception {
        Object expected;
        try (Session session = direct.session(SessionConfig.builder().withDatabase("system")
                .withImpersonatedUser("alice").build())) {
            expected = outcome(() -> session.run("SHOW CURRENT USER YIELD user").single().get("user").asString());
        }
        try (BoltProxy impersonating = BoltProxy.builder(neo4j.boltUri())
                .upstreamAuth(UpstreamAuth.serviceAccount(
                        io.asyncbolt.client.AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD), true))
                .authenticator(ProxyAgainstNeo4jTest::gatewayUsers).port(0).start();
                Driver alice = GraphDatabase.driver("bolt://127.0.0.1:" + impersonating.port(),
                        AuthTokens.basic("alice", "wonderland"));
                Session session = alice.session(SessionConfig.forDatabase("system"))) {
            Object actual = outcome(() -> session.run("SHOW CURRENT USER YIELD user").single().get("user").asString());
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void valuesOfEveryKindArriveAsNeo4jSentThemWhetherPassedOnOrReEncoded() throws Exception {
        String tag = UUID.randomUUID().toString();
        try (Session session = direct.session()) {
            session.run("CREATE p = (:PackedKind {tag: $tag, name: 'a', "
                    + "born: datetime('2020-01-02T03:04:05.006+01:00[Europe/Paris]')})"
                    + "-[:KNOWS {since: date('2001-02-03')}]->(:PackedKind {tag: $tag, at: point({x: 1.5, y: 2.5})})",
                    Map.of("tag", tag)).consume();
        }
        String query = "MATCH p = (a:PackedKind {tag: $tag})-[r]->(b) RETURN a, r, b, p, a.born AS born, "
                + "duration('P1Y2M3DT4.5S') AS d, [1, 'two', 3.0, null, true, b.at] AS l, "
                + "{t: localtime('12:34:56.789'), o: time('01:02:03+04:00'), x: localdatetime('2001-01-01T01:01')} AS m";
        io.asyncbolt.client.AuthToken admin = io.asyncbolt.client.AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD);
        io.asyncbolt.client.AuthToken alice = io.asyncbolt.client.AuthToken.basic("alice", "wonderland");
        // 5.x on both sides: the records go on in Neo4j's bytes; 4.4 downstream: re-encoded in 4.4's form
        for (List<io.asyncbolt.protocol.BoltVersion> versions : List.of(io.asyncbolt.protocol.BoltVersion.ALL,
                List.of(io.asyncbolt.protocol.BoltVersion.V4_4))) {
            io.asyncbolt.client.ClientConfig config = io.asyncbolt.client.ClientConfig.builder().versions(versions).build();
            try (io.asyncbolt.client.BoltClient toNeo4j = io.asyncbolt.client.BoltClient.create(neo4j.boltUri(), admin, config);
                    io.asyncbolt.client.BoltClient toProxy = io.asyncbolt.client.BoltClient.create(
                            "bolt://127.0.0.1:" + proxy.port(), alice, config)) {
                List<io.asyncbolt.client.Record> expected = toNeo4j.executeQuery(query, Map.of("tag", tag))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS).records();
                List<io.asyncbolt.client.Record> actual = toProxy.executeQuery(query, Map.of("tag", tag))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS).records();
                assertThat(expected).as("%s", versions).hasSize(1);
                assertThat(actual.get(0).values()).as("%s", versions).isEqualTo(expected.get(0).values());
                assertThat(actual.get(0).get("born")).isInstanceOf(java.time.ZonedDateTime.class);
            }
        }
    }

    /** The value, or the error code when it failed. */
    private static Object outcome(java.util.concurrent.Callable<Object> work) {
        try {
            return work.call();
        } catch (Neo4jException e) {
            return List.of(e.code(), e.getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
