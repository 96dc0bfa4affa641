package io.asyncbolt.spring.boot.test.examples.movies;

import io.asyncbolt.neo4j.Neo4jProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link MovieRepositoryStubTest}'s twin on a real Neo4j 5.26 (neo4j-harness in its own JVM, from
 * bolt-test-tools), to compare what a test class costs on each; BENCHMARKS.md has the figures. On demand:
 * {@code mvn -pl bolt-spring-boot-test test -Dtest=MovieRepositoryNeo4jTest -Dbolt.neo4j=true}.
 */
@EnabledIfSystemProperty(named = "bolt.neo4j", matches = "true")
@SpringBootTest
class MovieRepositoryNeo4jTest {

    private static Neo4jProcess neo4j;

    @DynamicPropertySource
    static void neo4j(DynamicPropertyRegistry registry) throws Exception {
        Assumptions.assumeTrue(Neo4jProcess.available(), "bolt-test-tools/neo4j is not built");
        neo4j = Neo4jProcess.start(0);
        registry.add("spring.neo4j.uri", neo4j::boltUri);
        registry.add("spring.neo4j.authentication.username", () -> Neo4jProcess.USER);
        registry.add("spring.neo4j.authentication.password", () -> Neo4jProcess.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (neo4j != null) {
            neo4j.close();
        }
    }

    @Autowired
    MovieRepository movies;

    @Autowired
    Driver driver;

    @BeforeEach
    void seed() {
        driver.executableQuery("MATCH (n) DETACH DELETE n").execute();
        driver.executableQuery(MovieScenario.SEED).execute();
    }

    @Test
    void theRepositoryFindsSavesAndCounts() {
        MovieScenario.run(movies);
    }

    @Test
    void theNextTestRunsItAgain() {
        MovieScenario.run(movies);
    }

    @Test
    void andAThirdTime() {
        MovieScenario.run(movies);
    }
}
