package io.asyncbolt.spring.boot.test.examples.movies;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import io.asyncbolt.test.BoltStub;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ReceivedMessage;
import io.asyncbolt.test.ScriptBuilder;
import io.asyncbolt.value.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.neo4j.test.autoconfigure.DataNeo4jTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@code @DataNeo4jTest}'s default: the test runs in one transaction, rolled back after it. The script, a
 * {@link ScriptBuilder} bean written with the Java DSL, expects that ROLLBACK; the stub is verified after it.
 */
@DataNeo4jTest
@AutoConfigureBoltStub
class MovieRepositoryRolledBackTest {

    static final String FIND_BY_TITLE = "MATCH (movie:`Movie`) WHERE movie.title = $title RETURN movie{.released, "
            + ".tagline, .title, __nodeLabels__: labels(movie), __elementId__: elementId(movie)}";

    @TestConfiguration(proxyBeanMethods = false)
    static class Conversation {
        @Bean
        ScriptBuilder movieScript() {
            return BoltStub.script()
                    .expectBegin().readWrite()
                    .expectRun(FIND_BY_TITLE).withParameters(Map.of("title", "Alien"))
                        .returns("movie").row(Map.of("title", "Alien", "released", 1979, "tagline", "In space",
                                "__nodeLabels__", List.of("Movie"), "__elementId__", "4:db:3"))
                    .expectRunMatching("OPTIONAL MATCH \\(hlp:`Movie`\\) .*")
                        .withParametersContaining(Map.of("__id__", "Solaris"))
                        .returns("movie").row(new Node(4, "4:db:4", List.of("Movie"),
                                Map.of("title", "Solaris", "released", 1972, "tagline", "A planet that thinks")))
                    .expectRollback();
        }
    }

    @Autowired
    MovieRepository movies;

    @Autowired
    BoltStub stub;

    @Test
    void theTestsTransactionIsRolledBackAndTheStubExpectedIt() {
        assertThat(movies.findOneByTitle("Alien")).contains(new Movie("Alien", 1979, "In space"));
        assertThat(movies.save(new Movie("Solaris", 1972, "A planet that thinks")).title()).isEqualTo("Solaris");

        assertThat(stub.received()).extracting(ReceivedMessage::kind)
                .containsExactly(MessageKind.BEGIN, MessageKind.RUN, MessageKind.RUN);
    }
}
