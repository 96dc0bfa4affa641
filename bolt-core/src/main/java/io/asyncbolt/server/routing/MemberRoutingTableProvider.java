package io.asyncbolt.server.routing;

import io.asyncbolt.server.RequestContext;
import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.server.RoutingTableProvider;
import io.asyncbolt.server.routing.BoltMember.Health;
import io.asyncbolt.server.routing.BoltMember.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers ROUTE with the members of a group of Bolt servers (give it to {@code BoltServer.Builder.routing}):
 *
 * <ul>
 *   <li>the local instance first, in its roles, whenever it is healthy, whether the membership source lists it
 *       yet or not (and, unhealthy or leaving, still to route and read while no other member can: drivers refuse
 *       a table without routers or readers);</li>
 *   <li>other members that are up (or of unknown health) as routers and readers; as writers only members known
 *       to be up, as the {@link WriterChoice} picks them (default {@link WriterChoice#ALL});</li>
 *   <li>while the server shuts down gracefully, without the local instance (as long as another member can route
 *       and read), and the server waits one TTL before it drains, so no client still holds a table naming it.</li>
 * </ul>
 *
 * When the membership source fails, the last members it gave are used (logged).
 *
 * <pre>{@code
 * BoltServer.builder()
 *         .routing(MemberRoutingTableProvider.builder(BoltMembers.of(
 *                 BoltMember.of("bolt-1:7687"), BoltMember.of("bolt-2:7687"), BoltMember.of("bolt-3:7687")))
 *                 .ttl(Duration.ofSeconds(15))
 *                 .build())
 *         .advertisedAddress("bolt-1:7687")
 *         ...
 * }</pre>
 */
public final class MemberRoutingTableProvider implements RoutingTableProvider {

    /** The default TTL: short, since membership changes. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(MemberRoutingTableProvider.class);

    private final BoltMembers members;
    private final Duration ttl;
    private final WriterChoice writerChoice;
    private final Set<Role> localRoles;
    private final BooleanSupplier localHealth;
    private volatile String localAddress;
    private volatile boolean leaving;
    private volatile List<BoltMember> lastKnown = List.of();

    private MemberRoutingTableProvider(Builder builder) {
        this.members = builder.members;
        this.ttl = builder.ttl;
        this.writerChoice = builder.writerChoice;
        this.localRoles = Set.copyOf(builder.localRoles);
        this.localHealth = builder.localHealth;
        this.localAddress = builder.localAddress;
    }

    /** A provider for the members {@code members} gives. */
    public static Builder builder(BoltMembers members) {
        return new Builder(members);
    }

    /** How long clients may cache the tables. */
    public Duration ttl() {
        return ttl;
    }

    /** Whether the local instance has left the tables (the server shuts down). */
    public boolean isLeaving() {
        return leaving;
    }

    @Override
    public void serverStarted(String advertisedAddress) {
        if (localAddress == null) {
            localAddress = advertisedAddress;
        }
    }

    @Override
    public Duration leave() {
        leaving = true;
        String local = localAddress;
        List<BoltMember> others = known().stream().filter(m -> !m.address().equals(local)).toList();
        if (others.stream().noneMatch(m -> m.advertisable(Role.ROUTE)) || others.stream().noneMatch(m -> m.advertisable(Role.READ))) {
            return Duration.ZERO; // no other member to go to: clients' tables keep naming this one
        }
        log.info("Bolt server {} leaves the routing tables it hands out; clients' tables naming it expire within {}",
                localAddress, ttl);
        return ttl;
    }

    @Override
    public RoutingTable route(String database, Map<String, Object> routing, RequestContext context) throws Exception {
        String local = Objects.requireNonNull(localAddress, "the local address is known once the server listens");
        Map<String, BoltMember> byAddress = new LinkedHashMap<>();
        boolean localUp = !leaving && localHealth.getAsBoolean();
        BoltMember self = new BoltMember(local, localRoles, localUp ? Health.UP : Health.DOWN);
        byAddress.put(local, self);
        List<BoltMember> others = new ArrayList<>(known());
        others.sort(Comparator.comparing(BoltMember::address));
        for (BoltMember member : others) {
            byAddress.putIfAbsent(member.address(), member);
        }
        List<BoltMember> all = List.copyOf(byAddress.values());
        List<String> routers = advertised(all, Role.ROUTE);
        List<String> readers = advertised(all, Role.READ);
        if (!localUp && (routers.isEmpty() || readers.isEmpty())) {
            // drivers refuse a table without routers or readers: stay in it while nobody else can serve (an
            // unhealthy instance only to route and read: its clients then see its own errors)
            boolean healthy = localHealth.getAsBoolean();
            all = List.copyOf(replace(byAddress, self.withHealth(healthy ? Health.UP : Health.UNKNOWN)).values());
            routers = advertised(all, Role.ROUTE);
            readers = advertised(all, Role.READ);
        }
        List<BoltMember> candidates = all.stream().filter(m -> m.health() == Health.UP && m.roles().contains(Role.WRITE))
                .toList();
        List<String> writers = List.copyOf(writerChoice.writers(candidates));
        if (!writers.stream().allMatch(w -> candidates.stream().anyMatch(c -> c.address().equals(w)))) {
            throw new IllegalStateException("The WriterChoice named a writer that is not a candidate: " + writers);
        }
        return new RoutingTable(ttl, routers, readers, writers);
    }

    private List<BoltMember> known() {
        try {
            List<BoltMember> now = members.members();
            lastKnown = List.copyOf(now);
            return now;
        } catch (Exception e) {
            log.warn("The Bolt membership source failed ({}); routing with the {} members it gave last", e.toString(),
                    lastKnown.size());
            return lastKnown;
        }
    }

    private static Map<String, BoltMember> replace(Map<String, BoltMember> members, BoltMember member) {
        Map<String, BoltMember> copy = new LinkedHashMap<>(members);
        copy.put(member.address(), member);
        return copy;
    }

    private static List<String> advertised(List<BoltMember> members, Role role) {
        return members.stream().filter(m -> m.advertisable(role)).map(BoltMember::address).toList();
    }

    /** Settings of a {@link MemberRoutingTableProvider}. */
    public static final class Builder {

        private final BoltMembers members;
        private Duration ttl = DEFAULT_TTL;
        private WriterChoice writerChoice = WriterChoice.ALL;
        private Set<Role> localRoles = EnumSet.allOf(Role.class);
        private BooleanSupplier localHealth = () -> true;
        private String localAddress;

        private Builder(BoltMembers members) {
            this.members = Objects.requireNonNull(members, "members");
        }

        /** How long clients may cache a table, whole seconds of at least 1; default 15 s. */
        public Builder ttl(Duration ttl) {
            if (ttl == null || ttl.toSeconds() < 1 || ttl.toNanos() % 1_000_000_000L != 0) {
                throw new IllegalArgumentException("The routing TTL is a whole number of seconds, at least 1, not " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** Which candidates are advertised as writers; default {@link WriterChoice#ALL}. */
        public Builder writerChoice(WriterChoice writerChoice) {
            this.writerChoice = Objects.requireNonNull(writerChoice, "writerChoice");
            return this;
        }

        /** The roles of the local instance; default all three. */
        public Builder localRoles(Set<Role> roles) {
            this.localRoles = Set.copyOf(roles);
            return this;
        }

        /** Whether the local instance is fit to serve (e.g. its backend is reachable); default always. */
        public Builder localHealth(BooleanSupplier health) {
            this.localHealth = Objects.requireNonNull(health, "health");
            return this;
        }

        /** The local instance's {@code host:port}; default the server's advertised address. */
        public Builder localAddress(String address) {
            this.localAddress = address;
            return this;
        }

        public MemberRoutingTableProvider build() {
            return new MemberRoutingTableProvider(this);
        }
    }
}
