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
                    .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:" + port, "bolt.client.pool.max-connection-pool-size=7",
                            "bolt.client.read-timeout=7s")
                    .run(client -> {
                        assertThat(client.getBean(io.asyncbolt.client.BoltClient.class).config().readTimeout())
                                .isEqualTo(java.time.Duration.ofSeconds(7));
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
        assertInvalid("bolt.server.port=70000", "bolt.server.port", "65535");
        assertInvalid("bolt.server.max-connections=-1", "bolt.server.max-connections", "0 (no limit)");
        assertInvalid("bolt.server.max-message-size=0", "bolt.server.max-message-size", "positive");
        assertInvalid("bolt.server.handshake-timeout=-1s", "bolt.server.handshake-timeout", "positive duration");
        assertInvalid("bolt.server.advertised-address=bolt.example.com", "bolt.server.advertised-address", "host:port");
        assertInvalid("bolt.server.authentication.users[0].name=ada",
                "bolt.server.authentication.users[0].password", "encoded form");
        runner.withPropertyValues("bolt.server.authentication.users[0].name=ada",
                        "bolt.server.authentication.users[0].password=plaintext")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("{noop}").satisfies(e -> assertThat(stackTrace(e))
                                .as("the password is never echoed").doesNotContain("plaintext")));
        assertInvalid("bolt.server.authentication.users[0].name=ada,bolt.server.authentication.users[0].password={rot13}nqn",
                "bolt.server.authentication.users[0].password", "rot13");
        assertInvalid("bolt.client.uri=bolt://127.0.0.1:1,bolt.client.pool.max-connection-pool-size=0",
                "bolt.client.pool.max-connection-pool-size", "positive");
        assertInvalid("bolt.client.uri=bolt://127.0.0.1:1,bolt.client.fetch-size=0", "bolt.client.fetch-size", "-1");
        assertInvalid("bolt.client.uri=bolt://127.0.0.1:1,bolt.client.read-timeout=0s", "bolt.client.read-timeout",
                "positive");
        runner.withPropertyValues("bolt.server.shutdown=later").run(context -> assertThat(context).hasFailed()
                .getFailure().hasStackTraceContaining("bolt.server.shutdown"));
    }

    private void assertInvalid(String properties, String property, String reason) {
        runner.withPropertyValues(properties.split(",")).run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("Property " + property + " with value")
                .hasStackTraceContaining(reason));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** Answers {@code RETURN 1 AS ok} over a real connection with the official driver. */
    private static long ok(org.springframework.context.ApplicationContext context, org.neo4j.driver.AuthToken auth) {
        int port = context.getBean(BoltServerLifecycle.class).getServer().port();
        try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port, auth,
                org.neo4j.driver.Config.builder().withoutEncryption().build());
                org.neo4j.driver.Session session = driver.session()) {
            return session.run("RETURN 1 AS ok").single().get("ok").asLong();
        }
    }

    @Test
    void withoutMicrometerNothingIsMeteredEvenWithARegistryBean() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .withBean(MeterRegistry.class, () -> meters)
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BoltClient.class)
                            .doesNotHaveBean(BoltClientMetrics.class).hasSingleBean(BoltServerHealthIndicator.class);
                    assertThat(ok(context, org.neo4j.driver.AuthTokens.none())).isEqualTo(1);
                    assertThat(meters.getMeters()).isEmpty();
                });
    }

    @Test
    void withoutActuatorHealthThereAreNoHealthIndicators() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BoltClientMetrics.class)
                            .doesNotHaveBean(BoltServerHealthIndicator.class)
                            .doesNotHaveBean(BoltClientHealthIndicator.class);
                    assertThat(ok(context, org.neo4j.driver.AuthTokens.none())).isEqualTo(1);
                });
    }

    @Test
    void withoutSpringSecurityEveryClientIsAcceptedAndPropertyUsersAskForCrypto() {
        FilteredClassLoader noSecurity = new FilteredClassLoader("org.springframework.security");
        runner.withClassLoader(noSecurity).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(ok(context, org.neo4j.driver.AuthTokens.basic("anyone", "anything"))).isEqualTo(1);
        });
        runner.withClassLoader(noSecurity)
                .withPropertyValues("bolt.server.authentication.users[0].name=ada",
                        "bolt.server.authentication.users[0].password={noop}pw")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("org.springframework.security:spring-security-crypto"));
    }

    @Test
    void withoutReactorThereIsNoReactiveTemplate() {
        runner.withClassLoader(new FilteredClassLoader("reactor"))
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:1")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BoltTemplate.class)
                            .doesNotHaveBean(io.asyncbolt.spring.boot.client.ReactiveBoltTemplate.class);
                    assertThat(ok(context, org.neo4j.driver.AuthTokens.none())).isEqualTo(1);
                });
    }
}
