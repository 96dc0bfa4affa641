package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.routing.BoltMember;
import io.asyncbolt.server.routing.MemberRoutingTableProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Several Bolt servers behind one routing table ({@code bolt.server.routing.*}): the members come from Spring
 * Cloud's {@code DiscoveryClient} when {@code discovery.service-id} is set, else from {@code members}; with
 * neither, each server answers ROUTE with itself alone.
 */
@ConfigurationProperties("bolt.server.routing")
public class BoltServerRoutingProperties {

    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]]+):([0-9]{1,5})");

    /**
     * How long clients may cache a routing table, whole seconds. Default 15 s with members (from discovery or
     * {@code members}): shorter means drivers notice members leaving and joining sooner, at the cost of one ROUTE
     * per client and database each TTL; a server that stops gracefully serves for one TTL before it drains.
     * Without members, {@code bolt.server.routing-ttl} (300 s).
     */
    private Duration ttl;

    /** The {@code host:port} of every member (this one may be among them), in all roles; used without discovery. */
    private List<String> members = new ArrayList<>();

    /** The roles of this instance: route, read, write. Default all three. */
    private Set<BoltMember.Role> roles = EnumSet.noneOf(BoltMember.Role.class);

    /**
     * Which members are advertised as writers: {@code all} (every member with the write role), or {@code single}
     * (a single-writer backend: the one member with the write role, none while several claim it).
     */
    private Writer writer = Writer.ALL;

    /** Members from Spring Cloud's DiscoveryClient (Kubernetes, Consul, Eureka, simple). */
    private final Discovery discovery = new Discovery();

    public Duration getTtl() {
        return ttl;
    }

    public void setTtl(Duration ttl) {
        this.ttl = ttl;
    }

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public Set<BoltMember.Role> getRoles() {
        return roles;
    }

    public void setRoles(Set<BoltMember.Role> roles) {
        this.roles = roles;
    }

    public Writer getWriter() {
        return writer;
    }

    public void setWriter(Writer writer) {
        this.writer = writer;
    }

    public Discovery getDiscovery() {
        return discovery;
    }

    /** The TTL of tables with members: {@link #getTtl()}, else {@code legacy} when set, else 15 s. */
    Duration membersTtl(Duration legacy) {
        Duration chosen = ttl != null ? ttl
                : legacy != null && !legacy.equals(io.asyncbolt.server.ServerConfig.DEFAULT_ROUTING_TTL) ? legacy
                : MemberRoutingTableProvider.DEFAULT_TTL;
        if (chosen.toSeconds() < 1 || chosen.toNanos() % 1_000_000_000L != 0) {
            throw invalid("ttl", chosen, "must be a whole number of seconds, at least 1s, e.g. 15s");
        }
        return chosen;
    }

    /** The local instance's roles: all three when none are given. */
    Set<BoltMember.Role> localRoles() {
        return roles == null || roles.isEmpty() ? EnumSet.allOf(BoltMember.Role.class) : roles;
    }

    /** The static members, checked. */
    List<BoltMember> staticMembers() {
        List<BoltMember> list = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            String address = members.get(i) == null ? null : members.get(i).trim();
            if (address == null || !HOST_PORT.matcher(address).matches()) {
                throw invalid("members[" + i + "]", address, "must be host:port, e.g. bolt-1.example.com:7687");
            }
            list.add(BoltMember.of(address));
        }
        return list;
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException("bolt.server.routing." + name, value, reason);
    }

    /** Which members are advertised as writers. */
    public enum Writer {
        /** Every member with the write role that is known to be up. */
        ALL,
        /** The only member with the write role; none while several claim it. */
        SINGLE
    }

    /** Membership from Spring Cloud's DiscoveryClient. */
    public static class Discovery {

        /** The service whose instances are the members; discovery is used when set. */
        private String serviceId;

        /** The instance metadata key holding the Bolt port; without it, the instance's port. */
        private String portKey = "bolt-port";

        /** The instance metadata key holding the roles (comma-separated route, read, write); without it, all. */
        private String rolesKey = "bolt-roles";

        public String getServiceId() {
            return serviceId;
        }

        public void setServiceId(String serviceId) {
            this.serviceId = serviceId;
        }

        public String getPortKey() {
            return portKey;
        }

        public void setPortKey(String portKey) {
            this.portKey = portKey;
        }

        public String getRolesKey() {
            return rolesKey;
        }

        public void setRolesKey(String rolesKey) {
            this.rolesKey = rolesKey;
        }
    }
}
