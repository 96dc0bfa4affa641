package io.asyncbolt.client;

import java.util.List;

/**
 * A routing table as a {@code neo4j://} client holds it: for diagnostics, health checks and tests.
 *
 * @param database   the database it routes (the resolved name for the home database), or null
 * @param ttlSeconds how long the server said it is valid
 * @param routers    {@code host:port} of the members that answer ROUTE
 * @param readers    members for read work
 * @param writers    members for write work
 */
public record RoutingTableInfo(String database, long ttlSeconds, List<String> routers, List<String> readers,
        List<String> writers) {

    static RoutingTableInfo of(Router.Table table) {
        return new RoutingTableInfo(table.database(), table.ttlSeconds(), table.routers(), table.readers(),
                table.writers());
    }
}
