package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.RoutingTableProvider;
import io.asyncbolt.server.routing.BoltMembers;
import io.asyncbolt.server.routing.MemberRoutingTableProvider;
import io.asyncbolt.server.routing.WriterChoice;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Several Bolt servers behind one routing table: a {@link MemberRoutingTableProvider} whose members come from
 * Spring Cloud's {@link DiscoveryClient} (when {@code bolt.server.routing.discovery.service-id} is set and
 * spring-cloud-commons is on the class path), else from {@code bolt.server.routing.members}. Backs off when the
 * application has its own {@link RoutingTableProvider}. The local instance is in the tables while the application
 * accepts traffic ({@link ReadinessState}, when Boot's availability is there); while the application shuts down
 * gracefully, the server leaves the tables for one TTL before it drains.
 */
@AutoConfiguration(before = BoltServerAutoConfiguration.class)
@ConditionalOnClass(BoltServer.class)
@ConditionalOnProperty(prefix = "bolt.server", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(annotation = BoltHandler.class)
@EnableConfigurationProperties({BoltServerRoutingProperties.class, BoltServerProperties.class})
@Import({BoltServerRoutingAutoConfiguration.DiscoveryMembers.class, BoltServerRoutingAutoConfiguration.StaticMembers.class})
public class BoltServerRoutingAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BoltServerRoutingAutoConfiguration.class);

    /** {@code bolt.server.routing.ttl} for the single-server table too, when set (it replaces {@code routing-ttl}). */
    @Bean
    @Order(0)
    BoltServerCustomizer boltRoutingTtlCustomizer(BoltServerRoutingProperties routing) {
        return builder -> {
            if (routing.getTtl() != null) {
                builder.routingTtl(routing.getTtl());
            }
        };
    }

    static MemberRoutingTableProvider provider(BoltServerRoutingProperties routing, BoltServerProperties server,
            BoltMembers members, ObjectProvider<ApplicationAvailability> availability) {
        ApplicationAvailability readiness = availability.getIfAvailable();
        MemberRoutingTableProvider provider = MemberRoutingTableProvider.builder(members)
                // the local instance is in the tables while the application accepts traffic (as Kubernetes' readiness)
                .localHealth(() -> readiness == null || readiness.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC)
                .ttl(routing.membersTtl(server.getRoutingTtl()))
                .localRoles(routing.localRoles())
                .writerChoice(routing.getWriter() == BoltServerRoutingProperties.Writer.SINGLE ? WriterChoice.SINGLE
                        : WriterChoice.ALL)
                .build();
        log.info("Bolt routing tables list {} (TTL {}, writers: {})", members, provider.ttl(),
                routing.getWriter().name().toLowerCase(java.util.Locale.ROOT));
        return provider;
    }

    /** Members from the DiscoveryClient. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DiscoveryClient.class)
    @ConditionalOnProperty(prefix = "bolt.server.routing.discovery", name = "service-id")
    static class DiscoveryMembers {

        @Bean
        @ConditionalOnMissingBean(RoutingTableProvider.class)
        MemberRoutingTableProvider boltDiscoveryRoutingTableProvider(BoltServerRoutingProperties routing,
                BoltServerProperties server, ObjectProvider<DiscoveryClient> discovery,
                ObjectProvider<ApplicationAvailability> availability) {
            DiscoveryClient client = discovery.getIfUnique();
            if (client == null) {
                throw new IllegalStateException("bolt.server.routing.discovery.service-id is set, but the application "
                        + "has no (single or primary) DiscoveryClient bean: add a Spring Cloud discovery starter "
                        + "(Kubernetes, Consul, Eureka) or spring.cloud.discovery.client.simple.instances");
            }
            BoltServerRoutingProperties.Discovery settings = routing.getDiscovery();
            return provider(routing, server, new DiscoveryBoltMembers(client, settings.getServiceId(),
                    settings.getPortKey(), settings.getRolesKey()), availability);
        }
    }

    /** Members from {@code bolt.server.routing.members}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(StaticMembers.HasMembers.class)
    static class StaticMembers {

        @Bean
        @ConditionalOnMissingBean(RoutingTableProvider.class)
        MemberRoutingTableProvider boltStaticRoutingTableProvider(BoltServerRoutingProperties routing,
                BoltServerProperties server, ObjectProvider<ApplicationAvailability> availability) {
            List<io.asyncbolt.server.routing.BoltMember> members = routing.staticMembers();
            BoltMembers fixed = new BoltMembers() {
                @Override
                public List<io.asyncbolt.server.routing.BoltMember> members() {
                    return members;
                }

                @Override
                public String toString() {
                    return "the members " + routing.getMembers();
                }
            };
            return provider(routing, server, fixed, availability);
        }

        /** {@code bolt.server.routing.members} lists at least one member. */
        static final class HasMembers extends SpringBootCondition {
            @Override
            public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
                List<String> members = Binder.get(context.getEnvironment())
                        .bind("bolt.server.routing.members", Bindable.listOf(String.class)).orElse(List.of());
                return members.isEmpty() ? ConditionOutcome.noMatch("no bolt.server.routing.members")
                        : ConditionOutcome.match("bolt.server.routing.members " + members);
            }
        }
    }
}
