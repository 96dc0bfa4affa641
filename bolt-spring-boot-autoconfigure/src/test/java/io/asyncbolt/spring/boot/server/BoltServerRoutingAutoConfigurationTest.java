package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.server.RoutingTableProvider;
import io.asyncbolt.server.routing.MemberRoutingTableProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which routing table provider {@code bolt.server.routing.*} gives, and when the auto-configuration backs off. */
class BoltServerRoutingAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerRoutingAutoConfiguration.class,
                    BoltServerAutoConfiguration.class))
            .withUserConfiguration(Handler.class)
            .withPropertyValues("bolt.server.port=0", "bolt.server.shutdown=immediate");

    @BoltHandler
    static class Handler {
        @BoltQuery("RETURN 1 AS one")
        long one() {
            return 1;
        }
    }

    /** A discovery system that knows three instances of "bolt", the Bolt port in their metadata. */
    @Configuration(proxyBeanMethods = false)
    static class Discovery {
        @Bean
        DiscoveryClient discoveryClient() {
            return new DiscoveryClient() {
                @Override
                public String description() {
                    return "three instances";
                }

                @Override
                public List<ServiceInstance> getInstances(String serviceId) {
                    return !serviceId.equals("bolt") ? List.of() : List.of(
                            new DefaultServiceInstance("a", "bolt", "10.0.0.1", 8080, false, Map.of("bolt-port", "7687")),
                            new DefaultServiceInstance("b", "bolt", "10.0.0.2", 8080, false,
                                    Map.of("bolt-port", "7687", "bolt-roles", "read,route")),
                            new DefaultServiceInstance("c", "bolt", "10.0.0.3", 7688, false, Map.of()));
                }

                @Override
                public List<String> getServices() {
                    return List.of("bolt");
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnProvider {
        @Bean
        RoutingTableProvider ownRoutingTableProvider() {
            return (db, routing, context) -> RoutingTable.single("own:7687", Duration.ofSeconds(5));
        }
    }

    private static RoutingTable route(org.springframework.context.ApplicationContext context) throws Exception {
        return context.getBean(MemberRoutingTableProvider.class).route(null, Map.of(), null);
    }

    @Test
    void discoveryGivesTheMembersWithTheirBoltPortsAndRolesFromMetadata() {
        runner.withUserConfiguration(Discovery.class)
                .withPropertyValues("bolt.server.routing.discovery.service-id=bolt",
                        "bolt.server.advertised-address=10.0.0.1:7687")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("boltDiscoveryRoutingTableProvider");
                    RoutingTable table = route(context);
                    assertThat(table.ttl()).as("the default TTL with members").isEqualTo(Duration.ofSeconds(15));
                    assertThat(table.readers()).containsExactly("10.0.0.1:7687", "10.0.0.2:7687", "10.0.0.3:7688");
                    assertThat(table.writers()).containsExactly("10.0.0.1:7687", "10.0.0.3:7688");
                });
    }

    @Test
    void theLocalInstanceIsInTheTablesWhileTheApplicationAcceptsTraffic() {
        runner.withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration.class))
                .withUserConfiguration(Discovery.class)
                .withPropertyValues("bolt.server.routing.discovery.service-id=bolt",
                        "bolt.server.advertised-address=10.0.0.9:7687")
                .run(context -> {
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                    assertThat(route(context).readers()).startsWith("10.0.0.9:7687");
                    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
                    assertThat(route(context).readers()).doesNotContain("10.0.0.9:7687")
                            .containsExactly("10.0.0.1:7687", "10.0.0.2:7687", "10.0.0.3:7688");
                });
    }

    @Test
    void aSingleWriterBackendAdvertisesNoWriterWhileSeveralHaveTheRole() {
        runner.withUserConfiguration(Discovery.class)
                .withPropertyValues("bolt.server.routing.discovery.service-id=bolt", "bolt.server.routing.writer=single",
                        "bolt.server.routing.roles=read,route", "bolt.server.routing.ttl=30s",
                        "bolt.server.advertised-address=10.0.0.9:7687")
                .run(context -> {
                    RoutingTable table = route(context);
                    assertThat(table.ttl()).isEqualTo(Duration.ofSeconds(30));
                    assertThat(table.readers()).containsExactly("10.0.0.9:7687", "10.0.0.1:7687", "10.0.0.2:7687",
                            "10.0.0.3:7688");
                    assertThat(table.writers()).as("10.0.0.1 and 10.0.0.3 both claim it").isEmpty();
                });
    }

    @Test
    void withoutSpringCloudTheDiscoveryProviderBacksOffToTheStaticMembers() {
        runner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
                .withPropertyValues("bolt.server.routing.discovery.service-id=bolt")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RoutingTableProvider.class));
        runner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
                .withPropertyValues("bolt.server.routing.discovery.service-id=bolt",
                        "bolt.server.routing.members=127.0.0.1:7001,127.0.0.1:7002",
                        "bolt.server.advertised-address=127.0.0.1:7001")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RoutingTableProvider.class)
                            .hasBean("boltStaticRoutingTableProvider");
                    assertThat(route(context).routers()).containsExactly("127.0.0.1:7001", "127.0.0.1:7002");
                });
    }

    @Test
    void theApplicationsOwnProviderWins() {
        runner.withUserConfiguration(Discovery.class, OwnProvider.class)
                .withPropertyValues("bolt.server.routing.discovery.service-id=bolt",
                        "bolt.server.routing.members=127.0.0.1:7001")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(RoutingTableProvider.class)
                        .hasBean("ownRoutingTableProvider"));
    }

    @Test
    void withoutMembersEachServerRoutesToItselfWithTheRoutingTtl() {
        runner.withPropertyValues("bolt.server.routing.ttl=42s").run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(RoutingTableProvider.class);
            int port = context.getBean(BoltServerLifecycle.class).getServer().port();
            try (Driver driver = GraphDatabase.driver("neo4j://127.0.0.1:" + port, AuthTokens.none(),
                    Config.builder().withoutEncryption().build()); Session session = driver.session()) {
                assertThat(session.run("RETURN 1 AS one").single().get("one").asLong()).isEqualTo(1);
            }
            assertThat(context.getBean(BoltServerRoutingProperties.class).getTtl()).isEqualTo(Duration.ofSeconds(42));
        });
    }

    @Test
    void mistakesStopTheApplicationNamingTheProperty() {
        runner.withPropertyValues("bolt.server.routing.members=no-port").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("bolt.server.routing.members[0]"));
        runner.withPropertyValues("bolt.server.routing.members=127.0.0.1:7001", "bolt.server.routing.ttl=1500ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("bolt.server.routing.ttl"));
        runner.withPropertyValues("bolt.server.routing.discovery.service-id=bolt").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("no (single or primary) DiscoveryClient bean"));
    }
}
