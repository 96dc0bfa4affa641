package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the server starts, and how mapping mistakes are reported. */
class BoltServerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class))
            .withPropertyValues("bolt.server.port=0");

    @BoltHandler
    static class One {
        @BoltQuery("RETURN 1 AS one")
        long one() {
            return 1;
        }
    }

    @BoltHandler
    static class AlsoOne {
        @BoltQuery("RETURN  1 AS one;")
        long sameStatement() {
            return 1;
        }
    }

    @BoltHandler
    static class Unclear {
        @BoltQuery(value = "A", procedure = "b")
        long both() {
            return 1;
        }
    }

    @Test
    void startsWithAHandlerAndPublishesThePort() {
        runner.withUserConfiguration(One.class).run(context -> {
            assertThat(context).hasSingleBean(BoltServerLifecycle.class);
            BoltServer server = context.getBean(BoltServerLifecycle.class).getServer();
            assertThat(server).isNotNull();
            assertThat(context.getEnvironment().getProperty("local.bolt.server.port", Integer.class))
                    .isEqualTo(server.port());
        });
    }

    @Test
    void doesNotStartWithoutHandlersOrWhenDisabledOrWithoutTheEngine() {
        runner.run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
        runner.withUserConfiguration(One.class).withPropertyValues("bolt.server.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
        runner.withUserConfiguration(One.class).withClassLoader(new FilteredClassLoader(BoltServer.class))
                .run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
    }

    @Test
    void ambiguousMappingsFailAtStartupNamingBothMethods() {
        runner.withUserConfiguration(One.class, AlsoOne.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("One.one()").hasMessageContaining("AlsoOne.sameStatement()"));
        runner.withUserConfiguration(Unclear.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("exactly one"));
    }

    @Test
    void recordsConnectionAndRequestMetricsWhenAMeterRegistryExists() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
        observations.observationConfig().observationHandler(
                new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
        runner.withUserConfiguration(One.class).withBean(io.micrometer.core.instrument.MeterRegistry.class, () -> meters)
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                .run(context -> {
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.none(), org.neo4j.driver.Config.builder().withoutEncryption().build());
                            org.neo4j.driver.Session session = driver.session()) {
                        session.run("RETURN 1 AS one").consume();
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.run("nope").consume());
                        assertThat(meters.get("bolt.server.connections.active").gauge().value()).isEqualTo(1);
                    }
                    assertThat(meters.get("bolt.server.connections").counter().count()).isGreaterThanOrEqualTo(1);
                    assertThat(meters.get("bolt.server.bytes.received").counter().count()).isPositive();
                    assertThat(meters.get("bolt.server.requests").tag("outcome", "SUCCESS").timer().count()).isEqualTo(1);
                    assertThat(meters.get("bolt.server.requests").tag("outcome", "FAILURE")
                            .tag("error.classification", "ClientError").timer().count()).isEqualTo(1);
                });
    }
}
