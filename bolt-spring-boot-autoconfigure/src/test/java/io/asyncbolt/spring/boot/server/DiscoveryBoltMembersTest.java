package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.routing.BoltMember;
import io.asyncbolt.server.routing.BoltMember.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;

/** How discovered instances become members: host, Bolt port and roles from metadata, bad entries left out. */
class DiscoveryBoltMembersTest {

    private static InstanceProperties instance(String host, int port, Map<String, String> metadata) {
        InstanceProperties instance = new InstanceProperties();
        instance.setServiceId("bolt");
        instance.setHost(host);
        instance.setPort(port);
        instance.setMetadata(metadata);
        return instance;
    }

    @Test
    void instancesBecomeMembersAndMistakesAreLeftOut() {
        SimpleDiscoveryProperties registry = new SimpleDiscoveryProperties();
        registry.setInstances(Map.of("bolt", List.of(
                instance("10.0.0.1", 8080, Map.of("bolt-port", "7687")),
                instance("10.0.0.2", 7687, Map.of("bolt-roles", "READ, route")),
                instance("fd00::3", 8080, Map.of("bolt-port", "7688")),
                instance("10.0.0.4", 8080, Map.of("bolt-port", "seven")),
                instance("10.0.0.5", 8080, Map.of("bolt-roles", "leader"))),
                "other", List.of(instance("10.0.9.9", 7687, Map.of()))));
        DiscoveryBoltMembers members = new DiscoveryBoltMembers(new SimpleDiscoveryClient(registry), "bolt",
                "bolt-port", "bolt-roles");
        assertThat(members.members()).containsExactly(
                new BoltMember("10.0.0.1:7687", EnumSet.allOf(Role.class), BoltMember.Health.UP),
                new BoltMember("10.0.0.2:7687", EnumSet.of(Role.READ, Role.ROUTE), BoltMember.Health.UP),
                new BoltMember("[fd00::3]:7688", EnumSet.allOf(Role.class), BoltMember.Health.UP));
    }
}
