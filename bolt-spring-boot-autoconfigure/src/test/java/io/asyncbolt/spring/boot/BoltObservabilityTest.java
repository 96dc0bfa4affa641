package io.asyncbolt.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.spring.boot.client.BoltClientAutoConfiguration;
import io.asyncbolt.spring.boot.client.BoltClientHealthIndicator;
import io.asyncbolt.spring.boot.client.BoltClientMetrics;
import io.asyncbolt.spring.boot.client.BoltTemplate;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration;
import io.asyncbolt.spring.boot.server.BoltServerHealthIndicator;
import io.asyncbolt.spring.boot.server.BoltServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Health indicators and client pool gauges, and how they back off without their libraries. */
class BoltObservabilityTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class,
                    BoltClientAutoConfiguration.class, BoltObservabilityAutoConfiguration.class))
            .withUserConfiguration(Echo.class)
            .withPropertyValues("bolt.server.port=0");

    @BoltHandler
    static class Echo {
        @BoltQuery("RETURN 1 AS ok")
        long ok() {
            return 1;
        }
    }

    @Test
    void serverAndClientHealthAndPoolGaugesAfterRealTraffic() {
        runner.run(server -> {
            int port = server.getBean(BoltServerLifecycle.class).getServer().port();
            assertThat(server.getBean(BoltServerHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            assertThat(server).doesNotHaveBean(BoltClientHealthIndicator.class);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
            observations.observationConfig().observationHandler(
                    new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(BoltClientAutoConfiguration.class,
                            BoltObservabilityAutoConfiguration.class))
                    .withBean(MeterRegistry.class, () -> meters)
                    .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                    .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:" + port, "bolt.client.pool.max-connection-pool-size=7")
                    .run(client -> {
                        client.getBean(BoltClientMetrics.class).bindTo(meters);
                        assertThat(client.getBean(BoltTemplate.class).query("RETURN 1 AS ok").fetchAs(Long.class)
                                .single()).isEqualTo(1);
                        assertThat(client.getBean(BoltClientHealthIndicator.class).health().getStatus())
                                .isEqualTo(Status.UP);
                        assertThat(meters.get("bolt.client.connections.idle").gauge().value()).isEqualTo(1);
                        assertThat(meters.get("bolt.client.connections.active").gauge().value()).isZero();
                        assertThat(meters.get("bolt.client.connections.max").gauge().value()).isEqualTo(7);
                        assertThat(meters.get("bolt.client.connections.acquire").tag("outcome", "SUCCESS").timer()
                                .count()).isGreaterThanOrEqualTo(2);
                        assertThat(meters.get("bolt.client.requests").tag("outcome", "SUCCESS").timer().count())
                                .isGreaterThanOrEqualTo(2);
                    });
            server.getBean(BoltServerLifecycle.class).stop();
            assertThat(server.getBean(BoltServerHealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void clientHealthIsDownWhenTheServerIsGone() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BoltClientAutoConfiguration.class,
                        BoltObservabilityAutoConfiguration.class))
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:1", "bolt.client.connect-timeout=1s")
                .run(context -> assertThat(context.getBean(BoltClientHealthIndicator.class).health().getStatus())
                        .isEqualTo(Status.DOWN));
    }

    @Test
    void backsOffWithoutHealthMicrometerReactorOrSecurity() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health", "io.micrometer",
                        "reactor.core", "org.reactivestreams", "org.springframework.security"))
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BoltServerLifecycle.class)
                            .hasSingleBean(BoltClient.class).doesNotHaveBean(BoltClientMetrics.class);
                    assertThat(context.getBeanNamesForType(Object.class)).noneMatch(name -> name.contains("HealthIndicator"));
                });
    }

    @Test
    void badPropertyValuesFailAtStartupWithAClearMessage() {
        runner.withPropertyValues("bolt.server.agent=MyServer/1.0").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("Neo4j/"));
        runner.withPropertyValues("bolt.server.versions=9.9").run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("9.9"));
    }
}
