package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;

/** Credentials, agent, and the asyncbolt client as the stub's peer. */
class StubSettingsTest {

    @Test
    void withCredentialsOnlyThoseAreAcceptedAndTheScriptSeesNothingElse() {
        try (BoltStub stub = BoltStub.script().credentials("neo4j", "secret")
                .expectRun("RETURN 1 AS x").returns("x").row(1)
                .start()) {
            try (Driver wrong = GraphDatabase.driver(stub.uri(), AuthTokens.basic("neo4j", "guess"),
                    Drivers.config().withoutEncryption().build()); Session session = wrong.session()) {
                assertThatThrownBy(() -> session.run("RETURN 1 AS x").consume())
                        .isInstanceOf(AuthenticationException.class);
            }
            try (Driver right = Drivers.connect(stub.uri()); Session session = right.session()) {
                assertThat(session.run("RETURN 1 AS x").single().get("x").asLong()).isEqualTo(1);
            }
            stub.verify();
        }
    }

    @Test
    void theAgentIsWhatDriversReport() {
        try (BoltStub stub = BoltStub.script().agent("Neo4j/2025.10.1").expectRun("RETURN 1").start();
             Driver driver = Drivers.connect(stub.uri()); Session session = driver.session()) {
            assertThat(session.run("RETURN 1").consume().server().agent()).isEqualTo("Neo4j/2025.10.1");
        }
        assertThatThrownBy(() -> BoltStub.script().agent("Memgraph/2.0"))
                .hasMessageContaining("not starting with Neo4j/");
    }

    @Test
    void theAsyncboltClientTalksToTheStubToo() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("MATCH (b:Book) WHERE b.year < $year RETURN b.title AS title")
                    .withParameters(Map.of("year", 1950)).returns("title").row("Computing Machinery and Intelligence")
                .start();
             BoltClient client = BoltClient.create(stub.uri().toString(), AuthToken.basic("neo4j", "secret"))) {
            List<Record> rows = client.session().run("MATCH (b:Book) WHERE b.year < $year RETURN b.title AS title",
                    Map.of("year", 1950L)).thenCompose(ResultCursor::listAsync).toCompletableFuture().join();

            assertThat(rows).extracting(r -> r.getString("title")).containsExactly("Computing Machinery and Intelligence");
            stub.verify();
        }
    }
}
