package io.asyncbolt.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.BoltClientException;
import io.asyncbolt.client.BoltSession;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.ResultSummary;
import io.asyncbolt.client.SessionConfig;
import io.asyncbolt.client.TransactionConfig;
import io.asyncbolt.testing.LeakCheck;
import io.asyncbolt.value.IsoDuration;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Point2D;
import io.asyncbolt.value.Point3D;
import io.asyncbolt.value.Relationship;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The asyncbolt client against a real Neo4j 5.26 (neo4j-harness in its own JVM). */
@ExtendWith(LeakCheck.class)
class ClientAgainstNeo4jTest {

    private static Neo4jProcess neo4j;
    private static BoltClient client;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Neo4jProcess.available(),
                "neo4j-harness's class path is resolved by the bolt-test-tools/neo4j module of a full build");
        neo4j = Neo4jProcess.shared();
        client = BoltClient.create(neo4j.boltUri(), AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD),
                ClientConfig.builder().maxPoolSize(4).build());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().join();
    }

    private static List<Record> list(BoltSession session, String query, Map<String, Object> params) {
        return await(session.run(query, params).thenCompose(ResultCursor::listAsync));
    }

    @Test
    void createReadUpdateDelete() {
        BoltSession session = client.session();
        String tag = UUID.randomUUID().toString();
        ResultSummary created = await(session.run("CREATE (:Crud {tag: $tag, n: 1}), (:Crud {tag: $tag, n: 2})",
                Map.of("tag", tag)).thenCompose(ResultCursor::consumeAsync));
        assertThat(created.counters()).containsEntry("nodes-created", 2L);
        assertThat(list(session, "MATCH (c:Crud {tag: $tag}) RETURN c.n AS n ORDER BY n", Map.of("tag", tag)))
                .extracting(r -> r.getLong("n")).containsExactly(1L, 2L);
        await(session.run("MATCH (c:Crud {tag: $tag}) SET c.n = c.n * 10", Map.of("tag", tag))
                .thenCompose(ResultCursor::consumeAsync));
        assertThat(list(session, "MATCH (c:Crud {tag: $tag}) RETURN sum(c.n) AS total", Map.of("tag", tag)).get(0)
                .getLong("total")).isEqualTo(30);
        ResultSummary profiled = await(session.run("PROFILE MATCH (c:Crud {tag: $tag}) RETURN c", Map.of("tag", tag))
                .thenCompose(ResultCursor::consumeAsync));
        assertThat(profiled.profile()).containsKey("operatorType").containsKey("dbHits");
        assertThat(profiled.queryType()).isEqualTo("r");
        assertThat(profiled.database()).isEqualTo("neo4j");
        ResultSummary deleted = await(session.run("MATCH (c:Crud {tag: $tag}) DELETE c", Map.of("tag", tag))
                .thenCompose(ResultCursor::consumeAsync));
        assertThat(deleted.counters()).containsEntry("nodes-deleted", 2L);
    }

    @Test
    void everyValueTypeRoundTripsThroughNeo4j() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("nothing", null);
        params.put("yes", true);
        params.put("big", Long.MIN_VALUE);
        params.put("pi", 3.14159);
        params.put("text", "héllo ✓");
        params.put("bytes", new byte[] {1, 2, (byte) 0xFF});
        params.put("list", List.of(1L, "two", List.of(3.0)));
        params.put("map", Map.of("a", 1L, "b", List.of()));
        params.put("date", LocalDate.of(2024, 2, 29));
        params.put("localTime", LocalTime.of(13, 37, 42, 123_456_789));
        params.put("time", OffsetTime.of(8, 30, 0, 5, ZoneOffset.ofHours(-5)));
        params.put("localDateTime", LocalDateTime.of(1969, 7, 20, 20, 17, 40, 1));
        params.put("offsetDateTime", java.time.OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 42, ZoneOffset.ofHoursMinutes(5, 30)));
        params.put("zonedDateTime", ZonedDateTime.of(2026, 10, 25, 2, 30, 0, 0, ZoneId.of("Europe/Berlin")));
        params.put("duration", new IsoDuration(14, 3, 3_600, 500));
        params.put("point2d", new Point2D(7203, 1.5, -2.5));
        params.put("point3d", new Point3D(4979, 12.5, 55.7, 100.0));
        BoltSession session = client.session();
        for (Map.Entry<String, Object> entry : params.entrySet()) {
            Record record = list(session, "RETURN $v AS v", Map.of("v", entry.getValue() == null ? "null" : entry.getValue()))
                    .get(0);
            if (entry.getValue() instanceof byte[] bytes) {
                assertThat((byte[]) record.get("v")).as(entry.getKey()).isEqualTo(bytes);
            } else if (entry.getValue() != null) {
                assertThat(record.get("v")).as(entry.getKey()).isEqualTo(entry.getValue());
            }
        }
        Record computed = list(session, "RETURN date('2024-02-29') + duration('P1D') AS d, "
                + "point({x: 1.0, y: 2.0}) AS p, datetime('2024-01-01T00:00:00[Europe/Paris]') AS z", Map.of()).get(0);
        assertThat(computed.get("d")).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(computed.get("p")).isEqualTo(new Point2D(7203, 1.0, 2.0));
        assertThat(computed.get("z")).isEqualTo(ZonedDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneId.of("Europe/Paris")));
    }

    @Test
    void graphValuesComeBackWithElementIds() {
        String tag = UUID.randomUUID().toString();
        Record record = list(client.session(), "CREATE p = (a:Person {name: 'Ada', tag: $tag})-[r:KNOWS {since: 1843}]->"
                + "(b:Person {name: 'Charles', tag: $tag}) RETURN a, r, p", Map.of("tag", tag)).get(0);
        Node ada = (Node) record.get("a");
        assertThat(ada.labels()).containsExactly("Person");
        assertThat(ada.properties()).containsEntry("name", "Ada");
        assertThat(ada.elementId()).isNotBlank();
        Relationship knows = (Relationship) record.get("r");
        assertThat(knows.type()).isEqualTo("KNOWS");
        assertThat(knows.startNodeElementId()).isEqualTo(ada.elementId());
        Path path = (Path) record.get("p");
        assertThat(path.nodes()).hasSize(2);
        assertThat(path.nodes().get(1).properties()).containsEntry("name", "Charles");
        await(client.session().run("MATCH (p:Person {tag: $tag}) DETACH DELETE p", Map.of("tag", tag))
                .thenCompose(ResultCursor::consumeAsync));
    }

    @Test
    void aHundredThousandRowsStreamWithASmallFetchSize() {
        BoltSession session = client.session(SessionConfig.defaults().withFetchSize(500));
        ResultCursor cursor = await(session.run("UNWIND range(1, 100000) AS i RETURN i, 'name-' + i AS name"));
        long count = 0;
        long sum = 0;
        Record record;
        while ((record = await(cursor.nextAsync())) != null) {
            count++;
            sum += record.getLong("i");
            if (count == 77) {
                assertThat(record.getString("name")).isEqualTo("name-77");
            }
        }
        assertThat(count).isEqualTo(100_000);
        assertThat(sum).isEqualTo(100_000L * 100_001 / 2);
    }

    @Test
    void explicitTransactionsCommitOrRollBackAndBookmarksGiveReadYourWrites() {
        String tag = UUID.randomUUID().toString();
        BoltSession writer = client.session();
        BoltTransaction undone = await(writer.beginTransaction());
        await(undone.run("CREATE (:Tx {tag: $tag, kept: false})", Map.of("tag", tag)));
        await(undone.rollback());
        BoltTransaction kept = await(writer.beginTransaction());
        await(kept.run("CREATE (:Tx {tag: $tag, kept: true})", Map.of("tag", tag)));
        String bookmark = await(kept.commit());
        assertThat(bookmark).isNotBlank();
        assertThat(writer.lastBookmarks()).containsExactly(bookmark);

        BoltSession reader = client.session(SessionConfig.defaults().withBookmarks(writer.lastBookmarks())
                .withReadOnly(true));
        List<Record> rows = list(reader, "MATCH (t:Tx {tag: $tag}) RETURN t.kept AS kept", Map.of("tag", tag));
        assertThat(rows).extracting(r -> r.getBoolean("kept")).containsExactly(true);

        Long managed = await(client.session().executeWrite(tx -> tx.run("CREATE (t:Tx {tag: $tag}) RETURN 1 AS one",
                Map.of("tag", tag)).thenCompose(ResultCursor::singleAsync).thenApply(r -> r.getLong("one"))));
        assertThat(managed).isEqualTo(1);
        await(client.session().run("MATCH (t:Tx {tag: $tag}) DELETE t", Map.of("tag", tag))
                .thenCompose(ResultCursor::consumeAsync));
    }

    @Test
    void wrongCredentialsFailWithAnAuthenticationError() {
        try (BoltClient wrong = BoltClient.create(neo4j.boltUri(), AuthToken.basic(Neo4jProcess.USER, "not-the-password"))) {
            assertThatThrownBy(() -> await(wrong.verifyConnectivity())).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(BoltClientException.Authentication.class)
                    .satisfies(e -> assertThat(((BoltClientException) e).code()).isEqualTo("Neo.ClientError.Security.Unauthorized"));
        }
    }

    @Test
    void manyQueriesPipelineOverAFewConnectionsAndErrorsDoNotPoisonThem() {
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (long i = 0; i < 200; i++) {
            all.add(client.session().run("RETURN $i AS i", Map.of("i", i)).thenCompose(ResultCursor::singleAsync)
                    .thenApply(r -> r.getLong("i")).toCompletableFuture());
        }
        assertThat(all.stream().mapToLong(CompletableFuture::join).sum()).isEqualTo(199L * 200 / 2);
        BoltSession session = client.session();
        assertThatThrownBy(() -> await(session.run("RETRUN 1"))).cause()
                .isInstanceOf(BoltClientException.ClientError.class)
                .satisfies(e -> assertThat(((BoltClientException) e).code()).isEqualTo("Neo.ClientError.Statement.SyntaxError"));
        assertThat(list(session, "RETURN 5 AS five", Map.of()).get(0).getLong("five")).isEqualTo(5);
        assertThat(client.connectionsInUse()).isZero();
    }

    @Test
    void thePoolRecoversWhenTheServerIsStoppedAndStartedAgain() throws Exception {
        try (Neo4jProcess own = Neo4jProcess.start(0); BoltClient restarting = BoltClient.create(own.boltUri(),
                AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD))) {
            assertThat(list(restarting.session(), "RETURN 1 AS one", Map.of())).hasSize(1);
            own.stop();
            assertThatThrownBy(() -> await(restarting.session().run("RETURN 1"))).cause()
                    .isInstanceOf(BoltClientException.ServiceUnavailable.class);
            own.restart();
            assertThat(list(restarting.session(), "RETURN 2 AS two", Map.of()).get(0).getLong("two")).isEqualTo(2);
            assertThat(restarting.connectionsIdle() + restarting.connectionsInUse()).isEqualTo(1);
        }
    }

    @Test
    void theSummaryCarriesThePlanNotificationsServerAndTimings() {
        BoltSession session = client.session();
        ResultSummary explained = await(session.run("EXPLAIN MATCH (a), (b) RETURN a, b")
                .thenCompose(ResultCursor::consumeAsync));
        assertThat(explained.plan()).containsKey("operatorType").containsKey("children");
        assertThat(explained.profile()).isEmpty();
        assertThat(explained.notifications()).as("a cartesian-product warning").isNotEmpty()
                .anySatisfy(n -> assertThat(n.toString()).contains("CartesianProduct"));
        assertThat(explained.queryType()).isEqualTo("r");
        ResultSummary written = await(session.run("CREATE (n:Summary) DELETE n").thenCompose(ResultCursor::consumeAsync));
        assertThat(written.queryType()).isEqualTo("w");
        assertThat(written.counters()).containsEntry("nodes-created", 1L).containsEntry("nodes-deleted", 1L);
        assertThat(written.serverAgent()).startsWith("Neo4j/5.26");
        assertThat(written.database()).isEqualTo("neo4j");
        assertThat(written.resultAvailableAfterMillis()).isNotNegative();
        assertThat(written.resultConsumedAfterMillis()).isNotNegative();
    }

    @Test
    void aSessionRunsAgainstTheDatabaseItNames() {
        BoltSession system = client.session(SessionConfig.forDatabase("system"));
        ResultCursor cursor = await(system.run("SHOW DATABASES YIELD name"));
        List<Record> rows = await(cursor.listAsync());
        assertThat(rows).extracting(r -> r.getString("name")).contains("neo4j", "system");
        assertThat(await(cursor.consumeAsync()).database()).isEqualTo("system");
        assertThatThrownBy(() -> await(client.session(SessionConfig.forDatabase("nowhere")).run("RETURN 1")))
                .cause().isInstanceOf(BoltClientException.ClientError.class)
                .satisfies(e -> assertThat(((BoltClientException) e).code())
                        .isEqualTo("Neo.ClientError.Database.DatabaseNotFound"));
    }

    @Test
    void transactionMetadataAndTimeoutReachNeo4j() throws Exception {
        BoltSession session = client.session();
        BoltTransaction tagged = await(session.beginTransaction(new TransactionConfig(null,
                Map.of("app", "audit", "ticket", 42L))));
        Record metadata = await(tagged.run("CALL tx.getMetaData() YIELD metadata RETURN metadata")
                .thenCompose(ResultCursor::singleAsync));
        await(tagged.commit());
        assertThat(metadata.get("metadata")).isEqualTo(Map.of("app", "audit", "ticket", 42L));

        BoltTransaction timed = await(session.beginTransaction(new TransactionConfig(java.time.Duration.ofMillis(300),
                Map.of())));
        await(timed.run("RETURN 1").thenCompose(ResultCursor::listAsync));
        Thread.sleep(3500); // Neo4j checks transaction timeouts every 2 s
        assertThatThrownBy(() -> await(timed.run("RETURN 2").thenCompose(ResultCursor::listAsync))).cause()
                .isInstanceOf(BoltClientException.class)
                .satisfies(e -> assertThat(((BoltClientException) e).code()).contains("Transaction"))
                .hasMessageContaining("timeout");
        await(timed.rollback());
        assertThat(list(session, "RETURN 3 AS three", Map.of()).get(0).getLong("three")).isEqualTo(3);
    }

    @Test
    void queriesPipelinedInATransactionAfterAFailureFailWithTheOriginalError() {
        BoltSession session = client.session();
        BoltTransaction ok = await(session.beginTransaction());
        // sent back to back, before any answer: one round trip's worth of requests on one connection
        CompletableFuture<List<Record>> first = ok.run("RETURN 1 AS n").thenCompose(ResultCursor::listAsync)
                .toCompletableFuture();
        CompletableFuture<List<Record>> second = ok.run("RETURN 2 AS n").thenCompose(ResultCursor::listAsync)
                .toCompletableFuture();
        CompletableFuture<List<Record>> third = ok.run("RETURN 3 AS n").thenCompose(ResultCursor::listAsync)
                .toCompletableFuture();
        assertThat(List.of(first.join(), second.join(), third.join())).extracting(rows -> rows.get(0).getLong("n"))
                .containsExactly(1L, 2L, 3L);
        await(ok.commit()); // a commit discards what is still unread, so the results are read first

        BoltTransaction failing = await(session.beginTransaction());
        CompletableFuture<ResultCursor> bad = failing.run("RETRUN 1").toCompletableFuture();
        CompletableFuture<ResultCursor> follower = failing.run("RETURN 2 AS two").toCompletableFuture();
        Throwable original = assertThatThrownBy(bad::join).cause().isInstanceOf(BoltClientException.ClientError.class)
                .actual();
        assertThat(((BoltClientException) original).code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThatThrownBy(follower::join).cause().as("the IGNORED follower fails with the original error")
                .isSameAs(original);
        await(failing.rollback());
        assertThat(list(session, "RETURN 4 AS four", Map.of()).get(0).getLong("four")).isEqualTo(4);
        assertThat(client.connectionsInUse()).isZero();
    }
}
