package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Three Spring Boot applications on 127.0.0.1, port 0, whose Bolt servers share a routing table through Spring
 * Cloud's {@link SimpleDiscoveryClient} (service {@code bolt}, the Bolt port in the instance metadata): the
 * official Java driver, seeded with one, spreads reads over the three, and no managed transaction fails when one
 * application is closed mid-load (discovery drops it first, as Kubernetes does a terminating pod).
 */
class ThreeInstancesBehindDiscoveryTest {

    private static final Logger log = LoggerFactory.getLogger(ThreeInstancesBehindDiscoveryTest.class);

    /** What the discovery system knows, shared by the three applications. */
    static final SimpleDiscoveryProperties REGISTRY = new SimpleDiscoveryProperties();

    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private Driver driver;

    @SpringBootConfiguration(proxyBeanMethods = false)
    @ImportAutoConfiguration({BoltServerRoutingAutoConfiguration.class, BoltServerAutoConfiguration.class,
            org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration.class})
    static class App {
        @Bean
        DiscoveryClient discoveryClient() {
            return new SimpleDiscoveryClient(REGISTRY);
        }

        @Bean
        Who who() {
            return new Who();
        }
    }

    @BoltHandler
    static class Who {
        @Value("${member.name}")
        String name;

        @BoltQuery("RETURN 1 AS one")
        Map<String, Object> one() {
            return Map.of("server", name);
        }
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        apps.forEach(app -> {
            if (app.isActive()) {
                app.close();
            }
        });
    }

    private void startThree() {
        List<InstanceProperties> instances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.NONE)
                    .properties("member.name=" + i, "bolt.server.port=0", "bolt.server.routing.ttl=1s",
                            "bolt.server.routing.discovery.service-id=bolt",
                            "spring.lifecycle.timeout-per-shutdown-phase=10s")
                    .run();
            apps.add(app);
            int port = app.getEnvironment().getProperty(BoltServerLifecycle.PORT_PROPERTY, Integer.class);
            InstanceProperties instance = new InstanceProperties();
            instance.setInstanceId("bolt-" + i);
            instance.setServiceId("bolt");
            instance.setHost("127.0.0.1");
            instance.setPort(8080); // the instance's HTTP port: the Bolt port is in its metadata
            instance.setMetadata(Map.of("bolt-port", Integer.toString(port), "member", Integer.toString(i)));
            instances.add(instance);
        }
        REGISTRY.setInstances(new java.util.HashMap<>(Map.of("bolt", new ArrayList<>(instances))));
        int seed = apps.get(0).getEnvironment().getProperty(BoltServerLifecycle.PORT_PROPERTY, Integer.class);
        driver = GraphDatabase.driver("neo4j://127.0.0.1:" + seed, AuthTokens.none(), Config.builder()
                .withoutEncryption().withMaxTransactionRetryTime(30, TimeUnit.SECONDS).build());
    }

    private int read() {
        try (Session session = driver.session(SessionConfig.forDatabase("neo4j"))) {
            return Integer.parseInt(session.executeRead(tx -> tx.run("RETURN 1 AS one").single().get("server").asString()));
        }
    }

    @Test
    void theDriverSpreadsReadsOverTheThreeAndNoTransactionFailsWhenOneStops() throws Exception {
        startThree();
        long[] spread = new long[3];
        for (int i = 0; i < 300; i++) {
            spread[read()]++;
        }
        log.info("300 managed reads through one seed: per instance {}", Arrays.toString(spread));
        assertThat(Arrays.stream(spread).min().getAsLong()).as("reads per instance %s", Arrays.toString(spread))
                .isGreaterThanOrEqualTo(50);

        AtomicLongArray served = new AtomicLongArray(3);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        served.incrementAndGet(read());
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
            load.add(thread);
        }
        awaitUntil("every instance serves", () -> served.get(0) > 50 && served.get(1) > 50 && served.get(2) > 50);
        long start = System.nanoTime();
        REGISTRY.getInstances().get("bolt").removeIf(i -> i.getMetadata().get("member").equals("1"));
        CompletableFuture<Void> closed = CompletableFuture.runAsync(apps.get(1)::close);
        closed.get(30, TimeUnit.SECONDS);
        Duration toClose = Duration.ofNanos(System.nanoTime() - start);
        long atClose0 = served.get(0);
        long atClose2 = served.get(2);
        awaitUntil("the others serve on", () -> served.get(0) > atClose0 + 100 && served.get(2) > atClose2 + 100);
        running.set(false);
        for (Thread thread : load) {
            thread.join(30_000);
        }
        log.info("instance 1 closed in {} ms (TTL 1 s); managed reads per instance {}, {} failed", toClose.toMillis(),
                served, failures.size());
        assertThat(failures).as("failed managed transactions").isEmpty();
    }

    private static void awaitUntil(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("not within 30 s: " + what).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
