package io.asyncbolt.server.routing;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.routing.BoltMember.Health;
import io.asyncbolt.testing.TcpRelay;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three Bolt servers on 127.0.0.1 behind one routing table. Their membership comes from a registry in the
 * test (as a discovery system would hold it: a test marks a member down as Kubernetes marks a terminating pod
 * not ready). Each answers {@code RETURN ...} with its own name in column {@code server} and counts the queries
 * it served. The last one is reached through a {@link TcpRelay}, so a test can kill it abruptly.
 */
final class ThreeMembers implements AutoCloseable {

    static final int KILLABLE = 2;

    final Duration ttl;
    final List<BoltServer> servers = new ArrayList<>();
    final List<MemberRoutingTableProvider> providers = new ArrayList<>();
    final List<String> addresses = new ArrayList<>();
    final List<AtomicLong> served = new ArrayList<>();
    /** When each member last served a query ({@link System#nanoTime()}). */
    final List<AtomicLong> lastServedAt = new ArrayList<>();
    private final Map<String, BoltMember> registry = new ConcurrentHashMap<>();
    private final TcpRelay relay;

    ThreeMembers(Duration ttl) throws IOException {
        this.ttl = ttl;
        this.relay = new TcpRelay();
        BoltMembers members = () -> List.copyOf(registry.values());
        for (int i = 0; i < 3; i++) {
            String name = "member-" + i;
            AtomicLong count = new AtomicLong();
            AtomicLong last = new AtomicLong();
            MemberRoutingTableProvider provider = MemberRoutingTableProvider.builder(members).ttl(ttl).build();
            BoltServer.Builder builder = BoltServer.builder().port(0).routing(provider)
                    .queryHandler(query -> {
                        count.incrementAndGet();
                        last.set(System.nanoTime());
                        return CompletableFuture.completedFuture(QueryResult.single(Map.of("server", name)));
                    });
            if (i == KILLABLE) {
                builder.advertisedAddress("127.0.0.1:" + relay.port());
            }
            BoltServer server = builder.start();
            if (i == KILLABLE) {
                relay.target(server.port());
            }
            String address = i == KILLABLE ? "127.0.0.1:" + relay.port() : "127.0.0.1:" + server.port();
            servers.add(server);
            providers.add(provider);
            addresses.add(address);
            served.add(count);
            lastServedAt.add(last);
            registry.put(address, BoltMember.of(address));
        }
    }

    /** The address drivers use for member {@code i}. */
    String address(int i) {
        return addresses.get(i);
    }

    int index(String name) {
        return Integer.parseInt(name.substring("member-".length()));
    }

    long[] servedCounts() {
        return served.stream().mapToLong(AtomicLong::get).toArray();
    }

    /** The membership source now says member {@code i} does not serve. */
    void markDown(int i) {
        registry.computeIfPresent(address(i), (a, m) -> m.withHealth(Health.DOWN));
    }

    /** Member {@code i}'s machine dies: its port and connections vanish (only {@link #KILLABLE}). */
    void kill(int i) {
        if (i != KILLABLE) {
            throw new IllegalArgumentException("only member " + KILLABLE + " can be killed");
        }
        relay.kill();
    }

    @Override
    public void close() {
        relay.close();
        servers.forEach(BoltServer::close);
    }
}
