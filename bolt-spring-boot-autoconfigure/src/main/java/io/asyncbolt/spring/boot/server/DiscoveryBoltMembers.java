package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.routing.BoltMember;
import io.asyncbolt.server.routing.BoltMembers;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The members of a routing table from Spring Cloud's {@link DiscoveryClient}: the instances of one service, each
 * at its host and the Bolt port from its metadata (else its port), in the roles its metadata names (else all).
 * The instances a discovery client returns are the ones it considers healthy (Kubernetes: ready endpoints), so
 * they are members that are up.
 */
public final class DiscoveryBoltMembers implements BoltMembers {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryBoltMembers.class);

    private final DiscoveryClient discovery;
    private final String serviceId;
    private final String portKey;
    private final String rolesKey;

    public DiscoveryBoltMembers(DiscoveryClient discovery, String serviceId, String portKey, String rolesKey) {
        this.discovery = discovery;
        this.serviceId = serviceId;
        this.portKey = portKey;
        this.rolesKey = rolesKey;
    }

    @Override
    public List<BoltMember> members() {
        List<BoltMember> members = new ArrayList<>();
        for (ServiceInstance instance : discovery.getInstances(serviceId)) {
            Map<String, String> metadata = instance.getMetadata() == null ? Map.of() : instance.getMetadata();
            try {
                String port = metadata.get(portKey);
                int boltPort = port != null ? Integer.parseInt(port.trim()) : instance.getPort();
                String host = instance.getHost().contains(":") && !instance.getHost().startsWith("[")
                        ? "[" + instance.getHost() + "]" : instance.getHost();
                members.add(new BoltMember(host + ":" + boltPort, roles(metadata.get(rolesKey)), BoltMember.Health.UP));
            } catch (IllegalArgumentException e) {
                log.warn("Instance {} of service '{}' is left out of the Bolt routing table: {}", instance.getInstanceId(),
                        serviceId, e.getMessage());
            }
        }
        return members;
    }

    private static Set<BoltMember.Role> roles(String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.allOf(BoltMember.Role.class);
        }
        Set<BoltMember.Role> roles = EnumSet.noneOf(BoltMember.Role.class);
        for (String role : value.split(",")) {
            if (!role.isBlank()) {
                roles.add(BoltMember.Role.valueOf(role.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return roles;
    }

    @Override
    public String toString() {
        return "instances of '" + serviceId + "' from " + discovery.description();
    }
}
