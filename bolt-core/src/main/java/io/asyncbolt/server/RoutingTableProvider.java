package io.asyncbolt.server;

import java.util.Map;

/** Answers ROUTE. Called on the handler executor, never on a network thread: it may block. */
@FunctionalInterface
public interface RoutingTableProvider {

    /**
     * @param database the database the client asks about, or null for its home database
     * @param routing  the routing context from the client's URI
     * @param context  who asks: principal, bookmarks and impersonated user of the ROUTE request
     */
    RoutingTable route(String database, Map<String, Object> routing, RequestContext context) throws Exception;
}
