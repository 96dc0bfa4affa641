package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

/** The JUnit 5 extension: stubs per test, injected as fields and parameters, verified at the end. */
@BoltStubTest
class BoltStubExtensionTest {

    @Stub
    BoltStub stub;

    @StubUri
    URI uri;

    @Test
    void theFieldHoldsAStartedStubAndTheUriIsItsAddress() {
        stub.add(BoltStub.script().expectRun("MATCH (p:Person) RETURN p.name AS name").returns("name").row("Ada")
                .row("Grace").build());
        assertThat(uri).isEqualTo(stub.uri());
        assertThat(uri.toString()).startsWith("bolt://127.0.0.1:");
        try (Driver driver = Drivers.connect(uri); Session session = driver.session()) {
            List<String> names = session.run("MATCH (p:Person) RETURN p.name AS name").list(r -> r.get("name").asString());
            assertThat(names).containsExactly("Ada", "Grace");
        }
    }

    @Test
    void parametersGetTheSameStubAndItsUri(BoltStub parameter, @StubUri String text, @StubUri(routing = true) URI routing) {
        assertThat(parameter).isSameAs(stub);
        assertThat(text).isEqualTo(stub.uri().toString());
        assertThat(routing.toString()).isEqualTo("neo4j://127.0.0.1:" + stub.port());
    }

    @Test
    void eachTestHasAStubOfItsOwn() {
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void aParameterStubStartsWithTheScriptFromTheClassPath(@Stub(script = "scripts/one-query.bolt") BoltStub own) {
        assertThat(own).isNotSameAs(stub);
        try (Driver driver = Drivers.connect(own.uri()); Session session = driver.session()) {
            assertThat(session.run("RETURN $greeting AS greeting", Map.of("greeting", "hi")).single().get(0).asString())
                    .isEqualTo("hello");
        }
    }

    @Test
    void aTestThatLeavesExpectationsUnmetFailsWithWhatWasExpected() {
        TestExecutionSummary summary = run(LeavesExpectationsUnmet.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        Throwable failure = summary.getFailures().get(0).getException();
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageStartingWith("""
                Bolt stub: unmet expectations; the script still expects:
                  RUN "RETURN 2 AS x\"""");
    }

    @Test
    void aTestWhoseClientStrayedFailsWithTheDiffEvenWhenTheCodeSwallowedTheError() {
        TestExecutionSummary summary = run(SwallowsTheStubsFailure.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("received RUN \"RETURN 3 AS x\"")
                .hasMessageContaining("expected RUN \"RETURN 1 AS x\"");
    }

    @Test
    void aStaticStubServesEveryTestOfTheClassAndIsVerifiedAfterTheLast() {
        TestExecutionSummary summary = run(SharesOneStub.class);

        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getTotalFailureCount()).isZero();
        assertThat(SharesOneStub.ports).hasSize(1);
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        return listener.getSummary();
    }

    // ------------------------------------------------------------ test classes run by the tests above

    @BoltStubTest
    static class LeavesExpectationsUnmet {
        @Stub
        BoltStub stub;

        @Test
        void onlyTheFirstQuery(@StubUri URI uri) {
            stub.add(BoltStub.script().expectRun("RETURN 1 AS x").returns("x").row(1)
                    .expectRun("RETURN 2 AS x").returns("x").row(2).build());
            try (Driver driver = Drivers.connect(uri); Session session = driver.session()) {
                session.run("RETURN 1 AS x").consume();
            }
        }
    }

    @BoltStubTest
    static class SwallowsTheStubsFailure {
        @Test
        void theWrongQuery(BoltStub stub) {
            stub.add(BoltStub.script().expectRun("RETURN 1 AS x").returns("x").row(1).build());
            try (Driver driver = Drivers.connect(stub.uri()); Session session = driver.session()) {
                session.run("RETURN 3 AS x").consume();
            } catch (RuntimeException swallowed) {
                // code under test that hides errors
            }
        }
    }

    @BoltStubTest
    @org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
    static class SharesOneStub {
        static final java.util.Set<Integer> ports = java.util.concurrent.ConcurrentHashMap.newKeySet();

        @Stub
        static BoltStub shared;

        @Test
        @org.junit.jupiter.api.Order(1)
        void first() {
            ports.add(shared.port());
            shared.add(BoltStub.script().expectRun("RETURN 1 AS x").returns("x").row(1).build());
            try (Driver driver = Drivers.connect(shared.uri()); Session session = driver.session()) {
                session.run("RETURN 1 AS x").consume();
            }
        }

        @Test
        @org.junit.jupiter.api.Order(2)
        void second(BoltStub stub) {
            ports.add(stub.port());
            stub.add(BoltStub.script().expectRun("RETURN 2 AS x").returns("x").row(2).build());
            try (Driver driver = Drivers.connect(stub.uri()); Session session = driver.session()) {
                session.run("RETURN 2 AS x").consume();
            }
        }
    }
}
