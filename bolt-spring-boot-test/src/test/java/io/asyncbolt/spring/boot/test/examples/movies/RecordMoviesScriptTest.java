package io.asyncbolt.spring.boot.test.examples.movies;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.neo4j.Neo4jProcess;
import io.asyncbolt.client.AuthToken;
import io.asyncbolt.test.BoltRecorder;
import io.asyncbolt.test.BoltStub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records {@link MovieScenario} through Spring Data Neo4j and the official driver from a real Neo4j 5.26
 * (neo4j-harness in its own JVM, from bolt-test-tools) into {@code src/test/resources/scripts/movies.bolt},
 * and replays the new script right away. On demand:
 * {@code mvn -pl bolt-spring-boot-test test -Dtest=RecordMoviesScriptTest -Dbolt.record=true}
 * (bolt-test-tools/neo4j must have been built: {@code mvn -f bolt-test-tools/pom.xml package}).
 */
@EnabledIfSystemProperty(named = "bolt.record", matches = "true")
class RecordMoviesScriptTest {

    static final Path SCRIPT = Path.of("src", "test", "resources", "scripts", "movies.bolt");

    @Test
    void recordsTheRepositoryConversationFromNeo4j() throws Exception {
        Assumptions.assumeTrue(Neo4jProcess.available(), "bolt-test-tools/neo4j is not built");
        String script;
        try (Neo4jProcess neo4j = Neo4jProcess.start(0)) {
            try (Driver driver = GraphDatabase.driver(neo4j.boltUri(),
                    AuthTokens.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD))) {
                driver.executableQuery("MATCH (n) DETACH DELETE n").execute();
                driver.executableQuery(MovieScenario.SEED).execute();
            }
            try (BoltRecorder recorder = BoltRecorder.forward(neo4j.boltUri(),
                    AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD)).start()) {
                try (ConfigurableApplicationContext context = application("spring.neo4j.uri=" + recorder.uri())) {
                    MovieScenario.run(context.getBean(MovieRepository.class));
                }
                script = recorder.script();
            }
        }
        Files.createDirectories(SCRIPT.getParent());
        Files.writeString(SCRIPT, script);

        try (BoltStub stub = BoltStub.fromText("movies.bolt", script).start();
             ConfigurableApplicationContext context = application("spring.neo4j.uri=" + stub.uri())) {
            MovieScenario.run(context.getBean(MovieRepository.class));
            stub.verify();
        }
        assertThat(script).contains("RUN \"MATCH (movie:`Movie`) WHERE movie.title = $title")
                .contains("record [node {").doesNotContain("written as strings");
    }

    private static ConfigurableApplicationContext application(String... properties) {
        return new SpringApplicationBuilder(MoviesApplication.class).properties(properties)
                .properties("spring.main.banner-mode=off").run();
    }
}
