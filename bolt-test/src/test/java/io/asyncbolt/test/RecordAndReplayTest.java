package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.ResultSummary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/**
 * A conversation recorded through {@link BoltRecorder} in front of a real Bolt server (here an asyncbolt
 * server standing in for Neo4j), then replayed by a stub without that server.
 */
class RecordAndReplayTest {

    /** The application under test: a read, a write with a timestamp, a read in a transaction. */
    private static List<Object> application(URI uri) {
        try (Driver driver = Drivers.connect(uri); Session session = driver.session()) {
            List<Object> seen = new ArrayList<>(session.run("MATCH (p:Person) RETURN p.name AS name ORDER BY name")
                    .list(r -> r.get("name").asString()));
            seen.add(session.executeWrite(tx -> tx.run("CREATE (o:Order {id: $id, at: $at})",
                    Map.of("id", 1, "at", System.nanoTime())).consume().counters().nodesCreated()));
            seen.add(session.executeRead(tx -> tx.run("MATCH (o:Order) RETURN count(o) AS n").single().get("n").asLong()));
            return seen;
        }
    }

    /** Stands in for Neo4j. */
    private static BoltServer database() {
        AtomicLong orders = new AtomicLong();
        return BoltServer.builder().port(0).queryHandler(query -> CompletableFuture.completedFuture(
                switch (query.normalizedStatement()) {
                    case "MATCH (p:Person) RETURN p.name AS name ORDER BY name" ->
                            QueryResult.of(List.of("name"), List.of(List.of("Ada"), List.of("Grace")));
                    case "CREATE (o:Order {id: $id, at: $at})" -> {
                        orders.incrementAndGet();
                        yield QueryResult.empty(ResultSummary.write(Map.of("nodes-created", 1L, "properties-set", 2L)));
                    }
                    default -> QueryResult.single(Map.of("n", orders.get()));
                })).start();
    }

    @Test
    void aRecordedConversationReplaysWithoutTheServer(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("scripts/orders.bolt");
        List<Object> recorded;
        try (BoltServer database = database();
             BoltRecorder recorder = BoltRecorder.forward("bolt://127.0.0.1:" + database.port(), AuthToken.basic("neo4j", "pw"))
                     .loosely("at").start()) {
            recorded = application(recorder.uri());
            recorder.writeTo(script);
        }
        String text = Files.readString(script);
        assertThat(text)
                .contains("RUN \"MATCH (p:Person) RETURN p.name AS name ORDER BY name\"\n    params {}\n"
                        + "    fields [\"name\"]\n    record [\"Ada\"]\n    record [\"Grace\"]\n")
                .contains("    params {\"at\": *, \"id\": 1}\n")
                .contains("    stats {\"nodes-created\": 1, \"properties-set\": 2}\n")
                .contains("BEGIN\n    extras {\"mode\": \"r\"}\n")
                .contains("COMMIT\n    bookmark \"asyncbolt:");

        try (BoltStub stub = BoltStub.fromText("orders.bolt", text).start()) {
            assertThat(application(stub.uri())).isEqualTo(recorded).containsExactly("Ada", "Grace", 1, 1L);
            stub.verify();
        }
    }

    @Test
    void aFailureFromTheServerIsRecordedAndReplayed() {
        String text;
        try (BoltServer database = BoltServer.builder().port(0).queryHandler(query -> {
                    throw new io.asyncbolt.server.BoltException("Neo.ClientError.Schema.ConstraintValidationFailed",
                            "Node already exists");
                }).start();
             BoltRecorder recorder = BoltRecorder.forward("bolt://127.0.0.1:" + database.port(), AuthToken.basic("neo4j", "pw"))
                     .start();
             Driver driver = Drivers.connect(recorder.uri()); Session session = driver.session()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> session.run("CREATE (:Unique {id: 1})").consume()))
                    .hasMessage("Node already exists");
            text = recorder.script();
        }
        assertThat(text).contains("RUN \"CREATE (:Unique {id: 1})\"\n    params {}\n"
                + "    failure \"Neo.ClientError.Schema.ConstraintValidationFailed\" \"Node already exists\"\n");
        try (BoltStub stub = BoltStub.fromText("unique.bolt", text).start();
             Driver driver = Drivers.connect(stub.uri()); Session session = driver.session()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> session.run("CREATE (:Unique {id: 1})").consume()))
                    .hasMessage("Node already exists");
            stub.verify();
        }
    }

    @Test
    void nodesRelationshipsAndPathsAreRecordedAsGraphValuesAndReplayedAsThem() {
        io.asyncbolt.value.Node ada = new io.asyncbolt.value.Node(1, "4:db:1", List.of("Person"), Map.of("name", "Ada"));
        io.asyncbolt.value.Node engine = new io.asyncbolt.value.Node(2, "4:db:2", List.of("Machine"),
                Map.of("name", "Analytical Engine", "year", 1837L));
        io.asyncbolt.value.Relationship wrote = new io.asyncbolt.value.Relationship(3, "5:db:3", 1, "4:db:1", 2, "4:db:2",
                "PROGRAMMED", Map.of("notes", List.of("G")));
        io.asyncbolt.value.Path path = new io.asyncbolt.value.Path(List.of(ada, engine), List.of(wrote));
        String statement = "MATCH p = (a:Person)-[r]->(m) RETURN a, r, p";
        String text;
        try (BoltServer database = BoltServer.builder().port(0).queryHandler(query -> CompletableFuture.completedFuture(
                        QueryResult.of(List.of("a", "r", "p"), List.of(List.of(ada, wrote, path))))).start();
             BoltRecorder recorder = BoltRecorder.forward("bolt://127.0.0.1:" + database.port(), AuthToken.basic("neo4j", "pw"))
                     .start();
             Driver driver = Drivers.connect(recorder.uri()); Session session = driver.session()) {
            session.run(statement).consume();
            text = recorder.script();
        }
        assertThat(text).contains("    record [node {\"id\": 1, \"elementId\": \"4:db:1\", \"labels\": [\"Person\"], "
                + "\"properties\": {\"name\": \"Ada\"}}, relationship {\"id\": 3, \"elementId\": \"5:db:3\", \"start\": 1, "
                + "\"startElementId\": \"4:db:1\", \"end\": 2, \"endElementId\": \"4:db:2\", \"type\": \"PROGRAMMED\", "
                + "\"properties\": {\"notes\": [\"G\"]}}, path {\"nodes\": [node {")
                .doesNotContain("written as strings");

        try (BoltStub stub = BoltStub.fromText("graph.bolt", text).start();
             Driver driver = Drivers.connect(stub.uri()); Session session = driver.session()) {
            org.neo4j.driver.Record record = session.run(statement).single();
            org.neo4j.driver.types.Node a = record.get("a").asNode();
            org.neo4j.driver.types.Relationship r = record.get("r").asRelationship();
            org.neo4j.driver.types.Path p = record.get("p").asPath();
            assertThat(a.elementId()).isEqualTo("4:db:1");
            assertThat(a.labels()).containsExactly("Person");
            assertThat(a.get("name").asString()).isEqualTo("Ada");
            assertThat(r.type()).isEqualTo("PROGRAMMED");
            assertThat(r.startNodeElementId()).isEqualTo("4:db:1");
            assertThat(r.endNodeElementId()).isEqualTo("4:db:2");
            assertThat(r.get("notes").asList()).containsExactly("G");
            assertThat(p.length()).isEqualTo(1);
            assertThat(p.end().get("year").asLong()).isEqualTo(1837L);
            stub.verify();
        }
    }
}
