package io.asyncbolt.spring.boot.test.examples.movies;

import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.neo4j.test.autoconfigure.DataNeo4jTest;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Spring Boot's {@code @DataNeo4jTest} slice with the stub in place of Neo4j, each repository call in a
 * transaction of its own as in the application, so the conversation recorded from Neo4j fits.
 */
@DataNeo4jTest
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@AutoConfigureBoltStub(script = "scripts/movies.bolt")
class MovieRepositoryDataNeo4jTest {

    @Autowired
    MovieRepository movies;

    @Test
    void theRepositoryRunsTheRecordedConversation() {
        MovieScenario.run(movies);
    }
}
