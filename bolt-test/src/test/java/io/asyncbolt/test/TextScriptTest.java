package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/** Text scripts from the class path, against the official driver, and the parser's error messages. */
class TextScriptTest {

    @Test
    void aScriptFromTheClassPathServesReadsARetriedWriteAndChainedBookmarks() {
        try (BoltStub stub = BoltStub.fromResource("scripts/people.bolt").start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            List<Record> people = session.run("MATCH (p:Person) WHERE p.age > $age RETURN p.name AS name, p.age AS age",
                    Map.of("age", 30)).list();
            int created = session.executeWrite(tx -> tx.run("MERGE (p:Person {name: $name}) SET p.updated = $at",
                    Map.of("name", "Alan", "at", System.currentTimeMillis())).consume().counters().nodesCreated());
            long count = session.executeRead(tx -> tx.run("MATCH (p:Person) RETURN count(p) AS n").single().get("n")
                    .asLong());

            assertThat(people).extracting(r -> r.get("name").asString()).containsExactly("Ada", "Grace");
            assertThat(created).isEqualTo(1);
            assertThat(count).isEqualTo(3);
            assertThat(session.lastBookmarks()).containsExactly(Bookmark.from("bm:people:2"));
            stub.verify();
        }
    }

    @Test
    void blocksInATextScriptFollowWhatTheClientDoes() {
        try (BoltStub stub = BoltStub.fromResource("scripts/blocks.bolt").start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            session.run("RETURN $i AS i", Map.of("i", 1)).consume();
            session.run("RETURN $i AS i", Map.of("i", 2)).consume();
            boolean found = session.run("MATCH (b:Book {title: $title}) RETURN true AS found",
                    Map.of("title", "TAOCP")).single().get("found").asBoolean();
            session.executeWrite(tx -> tx.run("RETURN 'y'").consume());
            session.run("RETURN 'x'").consume();

            assertThat(found).isTrue();
            stub.verify();
        }
    }

    @Test
    void aMismatchNamesTheScriptLineOfTheExpectation() {
        try (BoltStub stub = BoltStub.fromResource("scripts/people.bolt").start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("MATCH (p:Person) WHERE p.age > $age RETURN p.name AS name, p.age AS age",
                    Map.of("age", 40)).consume())
                    .hasMessageContaining("(scripts/people.bolt:4)")
                    .hasMessageContaining("\"age\": expected 30, received 40");
        }
    }

    @Test
    void theParsedScriptIsTheSameModelAsTheJavaDsl() {
        Script text = BoltStub.fromText("inline", """
                RUN "RETURN $x AS x"
                    params {"x": 1}
                    fields ["x"]
                    record [1]
                optional {
                    COMMIT
                        bookmark "b"
                }
                """).build();

        assertThat(text.steps()).hasSize(2);
        Expectation run = (Expectation) text.steps().get(0);
        assertThat(run.kind()).isEqualTo(MessageKind.RUN);
        assertThat(run.statement()).isEqualTo(StatementMatch.collapsed("RETURN $x AS x"));
        assertThat(run.parameters()).isEqualTo(ParameterMatch.exactly(Map.of("x", 1L)));
        assertThat(run.reply()).isEqualTo(new Reply.Records(List.of("x"), List.of(List.of(1L)), Map.of(), null, null));
        assertThat(run.origin()).isEqualTo("inline:1");
        Step.Optional optional = (Step.Optional) text.steps().get(1);
        assertThat(((Expectation) optional.steps().get(0)).reply()).isEqualTo(new Reply.Success("b"));
    }

    @Test
    void scriptErrorsNameTheLine() {
        assertThatThrownBy(() -> BoltStub.fromText("bad.bolt", "RUN \"RETURN 1\"\n    params {\"x\": 1,}\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("bad.bolt:2: expected a \"key\" in the map");
        assertThatThrownBy(() -> BoltStub.fromText("bad.bolt", "BEGIN\n    record [1]\n"))
                .hasMessage("bad.bolt:2: 'record' belongs to RUN");
        assertThatThrownBy(() -> BoltStub.fromText("bad.bolt", "optional {\n  RUN \"x\"\n"))
                .hasMessage("bad.bolt:3: missing } at the end of the script");
        assertThatThrownBy(() -> BoltStub.fromText("bad.bolt", "RUN \"x\"\n  fields [\"a\"]\n  record [1, 2]\n"))
                .hasMessage("bad.bolt:1: record [1, 2] has 2 values for the fields [\"a\"]");
        assertThatThrownBy(() -> BoltStub.fromText("bad.bolt", "PULL\n"))
                .hasMessageStartingWith("bad.bolt:1: expected RUN, BEGIN, COMMIT, ROLLBACK, ROUTE");
        assertThatThrownBy(() -> BoltStub.fromText("bad.bolt", "RUN \"x\"\n  fields [\"n\"]\n  record [node {\"labels\": []}]\n"))
                .hasMessage("bad.bolt:3: not a node: \"id\" must be an integer");
        assertThatThrownBy(() -> BoltStub.fromResource("scripts/missing.bolt"))
                .hasMessage("No Bolt stub script scripts/missing.bolt on the class path");
    }
}
