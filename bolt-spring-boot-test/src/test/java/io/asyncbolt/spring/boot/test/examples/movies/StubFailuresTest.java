package io.asyncbolt.spring.boot.test.examples.movies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import io.asyncbolt.test.BoltStub;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What a user sees when the application does not follow the script: test classes run through the JUnit
 * Platform launcher, and their failures as JUnit reports them.
 */
class StubFailuresTest {

    @Test
    void aWrongQueryFailsTheTestWithTheStubsDiff() {
        TestExecutionSummary summary = run(AsksForAnotherMovie.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        assertThat(failure).message().containsPattern("Bolt stub: message #2 on bolt-\\d+ does not follow the script\n");
        assertThat(failure).hasMessageContaining("""
                  received RUN "MATCH (movie:`Movie`) WHERE movie.title = $title RETURN movie{.released, .tagline, \
                .title, __nodeLabels__: labels(movie), __elementId__: elementId(movie)}" {"title": "Alien"}
                  expected RUN "MATCH (movie:`Movie`) WHERE movie.title = $title RETURN movie{.released, .tagline, \
                .title, __nodeLabels__: labels(movie), __elementId__: elementId(movie)}" {"title": "The Matrix"}   \
                (scripts/movies.bolt:5)
                    parameters: expected {"title": "The Matrix"}, received {"title": "Alien"}
                      "title": expected "The Matrix", received "Alien"
                """);
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(AssertionError.class)
                .satisfies(verification -> assertThat(verification.getMessage())
                        .startsWith("Bolt stub: message #2 on bolt-")
                        .contains("Received (2 message(s)):")
                        .containsPattern("#1 bolt-\\d+: BEGIN \\{\"mode\": \"w\"")
                        .contains("-> MISMATCH"));
    }

    @Test
    void codeThatSwallowsTheDriversErrorStillFailsWithTheDiff() {
        TestExecutionSummary summary = run(SwallowsTheError.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Bolt stub: message #2 on bolt-")
                .hasMessageContaining("\"title\": expected \"The Matrix\", received \"Alien\"");
    }

    @Test
    void aTestThatStopsHalfWayFailsWithWhatTheScriptStillExpects() {
        TestExecutionSummary summary = run(StopsHalfWay.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("""
                        Bolt stub: unmet expectations; the script still expects:
                          BEGIN""")
                .hasMessageContaining("(scripts/movies.bolt:11)");
    }

    @Test
    void verifyFalseLeavesTheStubUnchecked() {
        TestExecutionSummary summary = run(StopsHalfWayUnverified.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getTotalFailureCount()).isZero();
    }

    @Test
    void everyTestOfAClassPlaysTheWholeScriptOnTheSameStub() {
        TestExecutionSummary summary = run(RunsTheScenarioTwice.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(RunsTheScenarioTwice.ports).hasSize(1);
    }

    @Test
    void afterAMismatchTheNextTestGetsAFreshStub() {
        TestExecutionSummary summary = run(StraysThenFollows.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getTestIdentifier().getDisplayName()).isEqualTo("strays()");
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(StraysThenFollows.ports).hasSize(2);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .build(), listener);
        return listener.getSummary();
    }

    // ------------------------------------------------------------ test classes run by the tests above

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/movies.bolt")
    static class AsksForAnotherMovie {
        @Autowired
        MovieRepository movies;

        @Test
        void wrongTitle() {
            movies.findOneByTitle("Alien");
        }
    }

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/movies.bolt")
    static class SwallowsTheError {
        @Autowired
        MovieRepository movies;

        @Test
        void wrongTitleHidden() {
            try {
                movies.findOneByTitle("Alien");
            } catch (RuntimeException swallowed) {
                // code under test that hides errors
            }
        }
    }

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/movies.bolt")
    static class StopsHalfWay {
        @Autowired
        MovieRepository movies;

        @Test
        void onlyTheFirstQuery() {
            assertThat(movies.findOneByTitle("The Matrix")).isPresent();
        }
    }

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/movies.bolt", verify = false)
    static class StopsHalfWayUnverified {
        @Autowired
        MovieRepository movies;

        @Test
        void onlyTheFirstQuery() {
            assertThat(movies.findOneByTitle("The Matrix")).isPresent();
        }
    }

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/movies.bolt")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class RunsTheScenarioTwice {
        static final Set<Integer> ports = ConcurrentHashMap.newKeySet();

        @Autowired
        MovieRepository movies;

        @Autowired
        BoltStub stub;

        @Test
        @Order(1)
        void first() {
            ports.add(stub.port());
            MovieScenario.run(movies);
        }

        @Test
        @Order(2)
        void second() {
            ports.add(stub.port());
            MovieScenario.run(movies);
            assertThat(stub.received()).as("this test's messages only").hasSize(7 * 3);
        }
    }

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/movies.bolt")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class StraysThenFollows {
        static final List<Integer> ports = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Autowired
        MovieRepository movies;

        @Autowired
        BoltStub stub;

        @Test
        @Order(1)
        void strays() {
            ports.add(stub.port());
            movies.findOneByTitle("Alien");
        }

        @Test
        @Order(2)
        void follows() {
            ports.add(stub.port());
            MovieScenario.run(movies);
        }
    }
}
