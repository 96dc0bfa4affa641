package io.asyncbolt.spring.boot.test.examples.movies;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import io.asyncbolt.test.BoltStub;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The Spring Data Neo4j application's repository on the official driver, against the conversation recorded
 * from Neo4j 5.26 ({@code scripts/movies.bolt}), replayed by the stub: no Neo4j, no Docker. Each test gets
 * the whole script again and is verified after it.
 */
@SpringBootTest(properties = "spring.neo4j.uri=bolt://127.0.0.1:1")   // would fail: the stub's details win
@AutoConfigureBoltStub(script = "scripts/movies.bolt")
class MovieRepositoryStubTest {

    @Autowired
    MovieRepository movies;

    @Autowired
    BoltStub stub;

    @Autowired
    Neo4jConnectionDetails details;

    @Test
    void theRepositoryFindsSavesAndCountsThroughTheStub() {
        MovieScenario.run(movies);

        assertThat(stub.received()).isNotEmpty();
    }

    @Test
    void theNextTestHasTheWholeScriptAgain() {
        MovieScenario.run(movies);
    }

    @Test
    void bootsNeo4jConnectionDetailsPointAtTheStub() {
        assertThat(details.getUri()).isEqualTo(stub.uri());
        assertThat(details.getUri()).isEqualTo(URI.create("bolt://127.0.0.1:" + stub.port()));
        MovieScenario.run(movies);
    }
}
