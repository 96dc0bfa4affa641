package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/** The official Java driver against scripted stubs. */
class BoltStubDriverTest {

    @Test
    void anAutoCommitQueryGetsTheScriptedRecords() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("MATCH (p:Person) WHERE p.age > $age RETURN p.name AS name, p.age AS age")
                    .withParameters(Map.of("age", 30))
                    .returns("name", "age").row("Ada", 36).row("Grace", 45)
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            List<Record> records = session.run("MATCH (p:Person)\n  WHERE p.age > $age\n  RETURN p.name AS name, p.age AS age",
                    Map.of("age", 30)).list();

            assertThat(records).extracting(r -> r.get("name").asString()).containsExactly("Ada", "Grace");
            assertThat(records).extracting(r -> r.get("age").asLong()).containsExactly(36L, 45L);
            stub.verify();
        }
    }

    @ParameterizedTest(name = "Bolt {0}")
    @ValueSource(strings = {"4.4", "5.0", "5.4", "5.8", "6.0", "6.1"})
    void everyBoltVersionServesTheScript(String version) {
        try (BoltStub stub = BoltStub.script().versions(BoltVersion.parse(version))
                .expectRun("RETURN $x AS x").withParameters(Map.of("x", "hello")).returns("x").row("hello")
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            var result = session.run("RETURN $x AS x", Map.of("x", "hello"));
            assertThat(result.single().get("x").asString()).isEqualTo("hello");
            var server = result.consume().server();
            assertThat(server.protocolVersion()).isEqualTo(version);
            assertThat(server.agent()).isEqualTo("Neo4j/5.26.0");
            stub.verify();
        }
    }

    @Test
    void executeWriteRetriesAfterAScriptedTransientErrorAndThenSucceeds() {
        try (BoltStub stub = BoltStub.script()
                .expectBegin()
                .expectRun("MATCH (c:Counter) SET c.n = c.n + 1 RETURN c.n AS n")
                    .fails("Neo.TransientError.Transaction.DeadlockDetected", "deadlock, try again")
                .expectBegin()
                .expectRun("MATCH (c:Counter) SET c.n = c.n + 1 RETURN c.n AS n").returns("n").row(2)
                .expectCommit().returnsBookmark("bm:1")
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            AtomicInteger attempts = new AtomicInteger();
            long n = session.executeWrite(tx -> {
                attempts.incrementAndGet();
                return tx.run("MATCH (c:Counter) SET c.n = c.n + 1 RETURN c.n AS n").single().get("n").asLong();
            });

            assertThat(n).isEqualTo(2);
            assertThat(attempts).hasValue(2);
            assertThat(session.lastBookmarks()).containsExactly(Bookmark.from("bm:1"));
            stub.verify();
        }
    }

    @Test
    void theSecondTransactionBeginsWithTheFirstOnesBookmark() {
        try (BoltStub stub = BoltStub.script()
                .expectBegin()
                .expectRun("CREATE (:Person {name: $name})").withParameters(Map.of("name", "Ada"))
                    .withStats(Map.of("nodes-created", 1))
                .expectCommit().returnsBookmark("bm:1")
                .expectBegin().withBookmarks("bm:1").readOnly()
                .expectRun("MATCH (p:Person) RETURN count(p) AS n").returns("n").row(1)
                .expectCommit().returnsBookmark("bm:2")
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            var created = session.executeWrite(tx -> tx.run("CREATE (:Person {name: $name})", Map.of("name", "Ada"))
                    .consume().counters().nodesCreated());
            long count = session.executeRead(tx -> tx.run("MATCH (p:Person) RETURN count(p) AS n").single()
                    .get("n").asLong());

            assertThat(created).isEqualTo(1);
            assertThat(count).isEqualTo(1);
            assertThat(session.lastBookmarks()).containsExactly(Bookmark.from("bm:2"));
            assertThat(stub.received()).extracting(ReceivedMessage::kind).containsExactly(MessageKind.BEGIN,
                    MessageKind.RUN, MessageKind.COMMIT, MessageKind.BEGIN, MessageKind.RUN, MessageKind.COMMIT);
            stub.verify();
        }
    }

    @Test
    void aRoutingDriverIsToldTheStubServesEveryRoleAndTheDatabaseIsChecked() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("RETURN 1 AS one").withDatabase("movies").returns("one").row(1)
                .start();
             Driver driver = Drivers.connect(stub.routingUri());
             Session session = driver.session(SessionConfig.forDatabase("movies"))) {
            assertThat(session.run("RETURN 1 AS one").single().get("one").asLong()).isEqualTo(1);
            assertThat(stub.received()).extracting(ReceivedMessage::kind).contains(MessageKind.ROUTE);
            stub.verify();
        }
    }

    @Test
    void optionalRepeatedAlternativeAndAnyOrderBlocksFollowWhatTheClientDoes() {
        try (BoltStub stub = BoltStub.script()
                .optional(b -> b.expectRun("CALL db.ping()"))
                .repeat(1, 3, b -> b.expectRun("RETURN $i AS i").withParametersContaining(Map.of("i", ParameterMatch.anyValue()))
                        .returns("i").row(0))
                .oneOf(
                        b -> b.expectRun("MATCH (a:Author) RETURN a.name AS name").returns("name").row("Knuth"),
                        b -> b.expectRunMatching("MATCH \\(b:Book\\) .*").returns("title").row("TAOCP"))
                .inAnyOrder(b -> b
                        .expectRun("RETURN 'x' AS v").returns("v").row("x")
                        .expectRun("RETURN 'y' AS v").returns("v").row("y"))
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            session.run("RETURN $i AS i", Map.of("i", 1)).consume();
            session.run("RETURN $i AS i", Map.of("i", 2)).consume();
            String title = session.run("MATCH (b:Book) WHERE b.year < 1970 RETURN b.title AS title").single()
                    .get("title").asString();
            String y = session.run("RETURN 'y' AS v").single().get("v").asString();
            String x = session.run("RETURN 'x' AS v").single().get("v").asString();

            assertThat(List.of(title, y, x)).containsExactly("TAOCP", "y", "x");
            stub.verify();
        }
    }

    @Test
    void manyRecordsStreamInTheDriversFetchSize() {
        List<List<Object>> rows = java.util.stream.IntStream.range(0, 2500).mapToObj(i -> List.<Object>of((long) i))
                .toList();
        try (BoltStub stub = BoltStub.script()
                .expectRun("UNWIND range(0, 2499) AS i RETURN i").returns("i").rows(rows)
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            assertThat(session.run("UNWIND range(0, 2499) AS i RETURN i").stream().mapToLong(r -> r.get(0).asLong()).sum())
                    .isEqualTo(2499L * 2500 / 2);
            stub.verify();
        }
    }

    @Test
    void anExplicitTransactionRolledBackByTheClientMeetsTheScriptedRollback() {
        try (BoltStub stub = BoltStub.script()
                .expectBegin().withTxMetadata(Map.of("app", "shop"))
                .expectRun("CREATE (:Order {id: $id})").withParameters(Map.of("id", 7))
                .expectRollback()
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            try (var tx = session.beginTransaction(org.neo4j.driver.TransactionConfig.builder()
                    .withMetadata(Map.of("app", "shop")).build())) {
                tx.run("CREATE (:Order {id: $id})", Map.of("id", 7)).consume();
                tx.rollback();
            }
            stub.verify();
        }
    }

    @Test
    void aWebSocketClientIsAnsweredOnTheStubsPort() throws Exception {
        try (BoltStub stub = BoltStub.script().start()) {
            java.util.concurrent.CompletableFuture<byte[]> reply = new java.util.concurrent.CompletableFuture<>();
            java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + stub.port() + "/"),
                            new java.net.http.WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onBinary(java.net.http.WebSocket ws,
                                        java.nio.ByteBuffer data, boolean last) {
                                    byte[] bytes = new byte[data.remaining()];
                                    data.get(bytes);
                                    reply.complete(bytes);
                                    return null;
                                }
                            })
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            byte[] handshake = {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            socket.sendBinary(java.nio.ByteBuffer.wrap(handshake), true);

            assertThat(reply.get(10, java.util.concurrent.TimeUnit.SECONDS)).containsExactly(0, 0, 4, 4);
            socket.abort();
        }
    }

    @Test
    void aResetStubForgetsTheMismatchAndPlaysTheScriptAgainOnTheOpenConnection() {
        Script script = BoltStub.script().expectRun("RETURN $x AS x").withParameters(Map.of("x", 1))
                .returns("x").row(1).build();
        try (BoltStub stub = BoltStub.start(script);
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> session.run("RETURN $x AS x", Map.of("x", 2)).consume()))
                    .hasMessageContaining("\"x\": expected 1, received 2");

            stub.reset(script);

            assertThat(stub.received()).isEmpty();
            assertThat(session.run("RETURN $x AS x", Map.of("x", 1)).single().get("x").asLong()).isEqualTo(1);
            assertThat(stub.received()).hasSize(1);
            stub.verify();
        }
    }

    @Test
    void aStubStartsAndStopsInMilliseconds() {
        BoltStub.script().start().close();   // class loading, once per JVM
        long started = System.nanoTime();
        try (BoltStub stub = BoltStub.script().expectRun("RETURN 1").start()) {
            assertThat(stub.port()).isPositive();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).as("start and stop of a stub, ms").isLessThan(1_000);
    }
}
