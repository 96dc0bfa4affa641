package io.asyncbolt.spring.boot.test.examples.movies;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import io.asyncbolt.test.BoltStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.neo4j.autoconfigure.Neo4jConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;

/** The official driver on {@code neo4j://}: it asks the stub for a routing table (the stub in every role) first. */
@SpringBootTest
@AutoConfigureBoltStub(script = "scripts/movies.bolt", routing = true)
class MovieRepositoryRoutingTest {

    @Autowired
    MovieRepository movies;

    @Autowired
    Neo4jConnectionDetails details;

    @Autowired
    BoltStub stub;

    @Test
    void theRepositoryWorksThroughARoutingDriver() {
        assertThat(details.getUri()).hasToString("neo4j://127.0.0.1:" + stub.port());
        MovieScenario.run(movies);
    }
}
