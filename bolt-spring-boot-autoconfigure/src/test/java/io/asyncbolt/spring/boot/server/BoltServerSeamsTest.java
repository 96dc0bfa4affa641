package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.server.RoutingTableProvider;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.annotation.Order;

/** Boot's seams of the server: customizers, the started event, the application's SPI beans, observation scope. */
class BoltServerSeamsTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class))
            .withPropertyValues("bolt.server.port=0");

    @BoltHandler
    static class Where {
        private final ObservationRegistry observations;

        Where(org.springframework.beans.factory.ObjectProvider<ObservationRegistry> observations) {
            this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        }

        @BoltQuery("RETURN thread")
        String thread() {
            return Thread.currentThread().getName();
        }

        @BoltQuery("RETURN observation")
        String observation() {
            var current = observations.getCurrentObservation();
            return current == null ? "none" : current.getContext().getName();
        }

        @BoltQuery(pattern = "MATCH (?<anything>.*)", columns = "by")
        String anything(String anything) {
            return "anything";
        }

        @BoltQuery(pattern = "MATCH \\(b:Book\\) RETURN (?<what>.*)", columns = "by")
        String books(String what) {
            return "books";
        }
    }

    /** The same two patterns, declared the other way round. */
    @BoltHandler
    static class WhereReversed {
        @BoltQuery(pattern = "MATCH \\(b:Book\\) RETURN (?<what>.*)", columns = "by")
        String books(String what) {
            return "books";
        }

        @BoltQuery(pattern = "MATCH (?<anything>.*)", columns = "by")
        String anything(String anything) {
            return "anything";
        }
    }

    static final class Started implements ApplicationListener<BoltServerStartedEvent> {
        final CompletableFuture<Integer> port = new CompletableFuture<>();

        @Override
        public void onApplicationEvent(BoltServerStartedEvent event) {
            port.complete(event.getPort());
        }
    }

    private static Driver driver(ApplicationContext context, String scheme) {
        int port = context.getBean(BoltServerLifecycle.class).getServer().port();
        return GraphDatabase.driver(scheme + "://127.0.0.1:" + port, AuthTokens.none(),
                Config.builder().withoutEncryption().build());
    }

    private static String single(Driver driver, String statement) {
        try (Session session = driver.session()) {
            return session.run(statement).single().get(0).asString();
        }
    }

    @Test
    void customizersAdjustTheBuilderInOrderAndTheStartedEventCarriesThePort() {
        Started started = new Started();
        runner.withUserConfiguration(Where.class).withBean(Started.class, () -> started)
                .withBean("second", BoltServerCustomizer.class, () -> new Second())
                .withBean("first", BoltServerCustomizer.class, () -> new First())
                .run(context -> {
                    assertThat(started.port).isCompletedWithValue(
                            context.getEnvironment().getProperty("local.bolt.server.port", Integer.class));
                    try (Driver driver = driver(context, "bolt")) {
                        assertThat(driver.executableQuery("RETURN thread").execute().summary().server().agent())
                                .isEqualTo("Neo4j/5.2.0");
                    }
                });
    }

    @Order(1)
    static final class First implements BoltServerCustomizer {
        @Override
        public void customize(io.asyncbolt.server.BoltServer.Builder builder) {
            builder.agent("Neo4j/5.1.0");
        }
    }

    @Order(2)
    static final class Second implements BoltServerCustomizer {
        @Override
        public void customize(io.asyncbolt.server.BoltServer.Builder builder) {
            builder.agent("Neo4j/5.2.0");
        }
    }

    @Test
    void theApplicationsRoutingAndExecutorBeansAreUsed() {
        AtomicInteger routed = new AtomicInteger();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-bolt-worker"));
        try {
            runner.withUserConfiguration(Where.class)
                    .withBean(BoltServerAutoConfiguration.EXECUTOR_BEAN, java.util.concurrent.Executor.class,
                            () -> executor)
                    .withBean(RoutingTableProvider.class, () -> (database, routing, context) -> {
                        routed.incrementAndGet();
                        // the driver's routing context names the address it connected to
                        return RoutingTable.single(String.valueOf(routing.get("address")), Duration.ofSeconds(60));
                    })
                    .run(context -> {
                        try (Driver driver = driver(context, "neo4j")) {
                            assertThat(single(driver, "RETURN thread")).isEqualTo("app-bolt-worker");
                        }
                        assertThat(routed).hasPositiveValue();
                    });
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void theHandlerRunsInsideTheRequestObservation() {
        runner.withUserConfiguration(Where.class)
                .withBean(io.micrometer.core.instrument.MeterRegistry.class,
                        io.micrometer.core.instrument.simple.SimpleMeterRegistry::new)
                .withBean(ObservationRegistry.class, () -> {
                    ObservationRegistry registry = ObservationRegistry.create();
                    registry.observationConfig().observationHandler(context -> true);
                    return registry;
                })
                .run(context -> {
                    try (Driver driver = driver(context, "bolt")) {
                        assertThat(single(driver, "RETURN observation")).isEqualTo("bolt.server.requests");
                    }
                });
    }

    @Test
    void anObservationConventionBeanTagsTheRequests() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        runner.withUserConfiguration(Where.class)
                .withBean(io.micrometer.core.instrument.MeterRegistry.class, () -> meters)
                .withBean(ObservationRegistry.class, () -> {
                    ObservationRegistry registry = ObservationRegistry.create();
                    registry.observationConfig().observationHandler(
                            new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
                    return registry;
                })
                .withBean(BoltServerRequestObservationConvention.class, () -> new DefaultBoltServerRequestObservationConvention() {
                    @Override
                    public io.micrometer.common.KeyValues getLowCardinalityKeyValues(BoltServerRequestContext context) {
                        String database = context.getQuery().context().database();
                        return super.getLowCardinalityKeyValues(context).and("database",
                                database == null ? "default" : database);
                    }
                })
                .run(context -> {
                    try (Driver driver = driver(context, "bolt")) {
                        assertThat(single(driver, "RETURN thread")).isNotEmpty();
                    }
                    assertThat(meters.get("bolt.server.requests").tag("handler", "Where.thread")
                            .tag("outcome", "SUCCESS").tag("database", "default").timer().count()).isEqualTo(1);
                });
    }

    @Test
    void theMostLiteralPatternWinsWhateverTheDeclarationOrder() {
        for (Class<?> handlers : List.of(Where.class, WhereReversed.class)) {
            runner.withUserConfiguration(handlers).run(context -> {
                try (Driver driver = driver(context, "bolt")) {
                    assertThat(single(driver, "MATCH (b:Book) RETURN b")).as(handlers.getSimpleName()).isEqualTo("books");
                    assertThat(single(driver, "MATCH (a:Author) RETURN a")).isEqualTo("anything");
                }
            });
        }
    }

    @Test
    void messageSizesAreDataSizes() {
        runner.withUserConfiguration(Where.class).withPropertyValues("bolt.server.max-message-size=1KB").run(context -> {
            assertThat(context.getBean(BoltServerProperties.class).getMaxMessageSize().toBytes()).isEqualTo(1024);
            try (Driver driver = driver(context, "bolt"); Session session = driver.session()) {
                assertThatThrownBy(() -> session.run("RETURN thread", java.util.Map.of("big", "x".repeat(4096)))
                        .consume()).isInstanceOf(org.neo4j.driver.exceptions.Neo4jException.class);
            }
        });
    }

    @Test
    void theFactoryStartsASecondServerConfiguredLikeTheApplicationsOwn() {
        runner.withUserConfiguration(Where.class)
                .withPropertyValues("bolt.server.agent=Neo4j/5.3.0")
                .withBean(BoltServerCustomizer.class, () -> new First())
                .run(context -> {
                    io.asyncbolt.server.BoltServer second = context.getBean(BoltServerFactory.class).builder().port(0).start();
                    try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + second.port(), AuthTokens.none(),
                            Config.builder().withoutEncryption().build())) {
                        assertThat(second.port()).isNotEqualTo(context.getBean(BoltServerLifecycle.class).getServer().port());
                        var result = driver.executableQuery("MATCH (b:Book) RETURN b.title").execute();
                        assertThat(result.records().get(0).get("by").asString()).isEqualTo("books");
                        assertThat(result.summary().server().agent()).isEqualTo("Neo4j/5.1.0"); // the customizer too
                    } finally {
                        second.shutdown(Duration.ZERO).toCompletableFuture().join();
                    }
                });
    }

    @Test
    void anApplicationsFactoryBeanConfiguresTheServerInstead() {
        runner.withUserConfiguration(Where.class)
                .withBean(BoltServerFactory.class, () -> () -> io.asyncbolt.server.BoltServer.builder()
                        .address("127.0.0.1").port(0).agent("Neo4j/5.9.0")
                        .queryHandler(query -> {
                            throw new io.asyncbolt.server.BoltException("Neo.ClientError.Statement.SyntaxError",
                                    "only the application's factory answers here");
                        }))
                .run(context -> {
                    try (Driver driver = driver(context, "bolt")) {
                        assertThatThrownBy(() -> driver.executableQuery("RETURN thread").execute())
                                .hasMessageContaining("only the application's factory answers here");
                    }
                });
    }
}
