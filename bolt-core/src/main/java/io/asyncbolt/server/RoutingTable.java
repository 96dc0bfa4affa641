package io.asyncbolt.server;

import java.time.Duration;
import java.util.List;

/**
 * The answer to ROUTE: which {@code host:port} addresses route, read and write, and for how long the
 * client may cache them.
 */
public record RoutingTable(Duration ttl, List<String> routers, List<String> readers, List<String> writers) {

    public RoutingTable {
        routers = List.copyOf(routers);
        readers = List.copyOf(readers);
        writers = List.copyOf(writers);
    }

    /** One address in every role. */
    public static RoutingTable single(String address, Duration ttl) {
        return new RoutingTable(ttl, List.of(address), List.of(address), List.of(address));
    }
}
