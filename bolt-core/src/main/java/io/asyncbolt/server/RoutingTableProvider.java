package io.asyncbolt.server;

import java.time.Duration;
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

    /** The server listens and is reachable at {@code advertisedAddress} ({@code host:port}); before any ROUTE. */
    default void serverStarted(String advertisedAddress) {
    }

    /**
     * The server begins a graceful shutdown. A provider that advertised this instance to clients stops doing so
     * and returns how long clients may still hold a table naming it; the server serves normally that long
     * (within half of its shutdown timeout) before it stops accepting connections and drains, so drivers
     * re-route when their tables expire. Default: zero, drain at once.
     */
    default Duration leave() {
        return Duration.ZERO;
    }
}
