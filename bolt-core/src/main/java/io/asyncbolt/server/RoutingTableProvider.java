package io.asyncbolt.server;

import java.util.Map;

/** Answers ROUTE. Called on the network thread: must not block. */
@FunctionalInterface
public interface RoutingTableProvider {

    /**
     * @param database the database the client asks about, or null for its home database
     * @param routing  the routing context from the client's URI
     */
    RoutingTable route(String database, Map<String, Object> routing, RequestContext context);
}
