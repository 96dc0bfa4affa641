package io.asyncbolt.spring.boot.test.examples.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;

/** A BoltTemplate query that strays from the script: the test fails with Spring's exception carrying the diff. */
class PeopleDirectoryMismatchTest {

    @Test
    void theTemplatesDataAccessExceptionCarriesTheDiffAndVerificationIsAddedToIt() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(AsksForTheWrongAge.class)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        assertThat(failure).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("received RUN \"MATCH (p:Person) WHERE p.age > $age RETURN p.name AS name "
                        + "ORDER BY name\" {\"age\": 40}")
                .hasMessageContaining("(scripts/people.bolt:3)")
                .hasMessageContaining("\"age\": expected 30, received 40");
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(AssertionError.class)
                .satisfies(e -> assertThat(e.getMessage()).startsWith("Bolt stub: message #1 on bolt-"));
    }

    @SpringBootTest
    @AutoConfigureBoltStub(script = "scripts/people.bolt")
    static class AsksForTheWrongAge {
        @Autowired
        PeopleDirectory people;

        @Test
        void olderThanForty() {
            people.olderThan(40);
        }
    }
}
