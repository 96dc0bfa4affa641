package io.asyncbolt.client;

import io.asyncbolt.protocol.message.RouteMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing for {@code neo4j://} URIs: one routing table per database, fetched with ROUTE from a known
 * router and refreshed when its TTL ends or when a member fails; readers and writers are chosen by least
 * connections in use, ties broken round-robin. An address that cannot be reached is forgotten until the next refresh; a writer
 * that is no longer leader is dropped from the writers.
 */
final class Router {

    private static final Logger log = LoggerFactory.getLogger(Router.class);

    private final java.util.function.Supplier<List<String>> seeds;
    private final Map<String, Object> routingContext;
    private final Function<String, ConnectionPool> pools;
    private final java.util.function.BiFunction<String, AuthToken, CompletionStage<ClientConnection>> connector;
    private final java.time.Clock clock;
    private final Map<Key, CompletableFuture<Table>> tables = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();

    /** Routing tables are per database and per impersonated user (whose home database may differ). */
    private record Key(String database, String impersonatedUser) {
    }

    /**
     * The members able to serve a unit of work, best first, and the database they serve (the resolved
     * home database when none was asked for).
     */
    record Route(String database, List<String> members) {
    }

    record Table(String database, List<String> routers, List<String> readers, List<String> writers, long ttlSeconds,
            long expiresMillis) {
        boolean usable(boolean write, java.time.Clock clock) {
            return clock.millis() < expiresMillis && !(write ? writers : readers).isEmpty() && !routers.isEmpty();
        }

        Table without(String address) {
            return new Table(database, minus(routers, address), minus(readers, address), minus(writers, address),
                    ttlSeconds, expiresMillis);
        }

        Table withoutWriter(String address) {
            return new Table(database, routers, readers, minus(writers, address), ttlSeconds, expiresMillis);
        }

        private static List<String> minus(List<String> list, String address) {
            List<String> copy = new ArrayList<>(list);
            copy.remove(address);
            return List.copyOf(copy);
        }
    }

    Router(java.util.function.Supplier<List<String>> seeds, Map<String, Object> routingContext,
            Function<String, ConnectionPool> pools,
            java.util.function.BiFunction<String, AuthToken, CompletionStage<ClientConnection>> connector,
            java.time.Clock clock) {
        this.connector = connector;
        this.clock = clock;
        this.seeds = seeds;
        this.routingContext = routingContext;
        this.pools = pools;
    }

    /**
     * The readers or writers of {@code database} (null: the user's home database), least busy first, ties
     * broken round-robin.
     */
    CompletionStage<Route> route(String database, String impersonatedUser, boolean write,
            java.util.function.Supplier<List<String>> bookmarks, AuthToken sessionAuth) {
        // the home database is resolved afresh for each session that does not know it yet (as the official
        // drivers do): the session then works in the database the table names, under that name's table
        boolean resolve = database == null;
        return table(new Key(database, impersonatedUser), write, bookmarks, resolve, sessionAuth)
                .thenApply(table -> members(table, write));
    }

    /** The readers or writers of {@code table}, least busy first, ties broken round-robin. */
    Route members(Table table, boolean write) {
        List<String> members = new ArrayList<>(write ? table.writers() : table.readers());
        if (members.isEmpty()) {
            throw new BoltClientException.SessionExpired("No " + (write ? "writer" : "reader")
                    + " available for database '" + table.database() + "'", null);
        }
        java.util.Collections.rotate(members, -Math.floorMod(roundRobin.getAndIncrement(), members.size()));
        members.sort(java.util.Comparator.comparingInt(address -> pools.apply(address).inUse()));
        return new Route(table.database(), members);
    }

    /** Fetches the table of {@code database} again, whatever the state of the current one. */
    CompletionStage<Table> refresh(String database, String impersonatedUser, List<String> bookmarks) {
        return table(new Key(database, impersonatedUser), false, () -> bookmarks, true, null);
    }

    /** The current table of {@code database} (null: home database), or null when none was fetched. */
    Table current(String database, String impersonatedUser) {
        CompletableFuture<Table> table = tables.get(new Key(database, impersonatedUser));
        return table != null && table.isDone() && !table.isCompletedExceptionally() ? table.join() : null;
    }

    /** The address failed to connect or broke: forget it everywhere. */
    void forget(String address) {
        tables.replaceAll((db, f) -> f.isDone() && !f.isCompletedExceptionally() ? CompletableFuture.completedFuture(
                f.join().without(address)) : f);
    }

    /**
     * The address said it is no longer the leader of {@code database} (null: any): it stays a writer of the
     * other databases' tables, as leadership is per database.
     */
    void forgetWriter(String address, String database) {
        tables.replaceAll((key, f) -> f.isDone() && !f.isCompletedExceptionally()
                && (database == null || database.equals(f.join().database()) || database.equals(key.database()))
                ? CompletableFuture.completedFuture(f.join().withoutWriter(address)) : f);
    }

    private CompletionStage<Table> table(Key key, boolean write, java.util.function.Supplier<List<String>> bookmarks,
            boolean force, AuthToken sessionAuth) {
        CompletableFuture<Table> current = tables.get(key);
        if (!force && current != null && (!current.isDone()
                || (!current.isCompletedExceptionally() && current.join().usable(write, clock)))) {
            return current;
        }
        CompletableFuture<Table> fresh = new CompletableFuture<>();
        CompletableFuture<Table> previous = current;
        boolean mine = current == null ? tables.putIfAbsent(key, fresh) == null : tables.replace(key, current, fresh);
        if (!mine) {
            return table(key, write, bookmarks, false, sessionAuth);
        }
        List<String> candidates = new ArrayList<>();
        if (previous != null && previous.isDone() && !previous.isCompletedExceptionally()) {
            candidates.addAll(previous.join().routers());
        }
        for (String seed : seeds.get()) {
            if (!candidates.contains(seed)) {
                candidates.add(seed);
            }
        }
        List<String> routeBookmarks;
        try {
            routeBookmarks = bookmarks.get();
        } catch (RuntimeException e) {
            tables.remove(key, fresh);
            fresh.completeExceptionally(e);
            return fresh;
        }
        fetch(candidates, 0, key, routeBookmarks, sessionAuth, null).whenComplete((table, error) -> {
            if (error != null) {
                tables.remove(key, fresh);
                fresh.completeExceptionally(error);
                return;
            }
            if (key.database() == null && table.database() != null) {
                // the home database is now known by name: work in it needs no second ROUTE
                tables.put(new Key(table.database(), key.impersonatedUser()), CompletableFuture.completedFuture(table));
            }
            fresh.complete(table);
        });
        return fresh;
    }

    private CompletionStage<Table> fetch(List<String> routers, int index, Key key, List<String> bookmarks,
            AuthToken sessionAuth, Throwable lastError) {
        String database = key.database() == null ? "" : key.database();
        if (index >= routers.size()) {
            return CompletableFuture.failedFuture(new BoltClientException.ServiceUnavailable(
                    "Could not fetch a routing table for database '" + database + "' from " + routers,
                    lastError));
        }
        String address = routers.get(index);
        ConnectionPool pool = pools.apply(address);
        return connector.apply(address, sessionAuth).thenCompose(connection -> {
            CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
            connection.send(new RouteMessage(routingContext, bookmarks, key.database(), key.impersonatedUser()),
                    new ResponseHandler() {
                        @Override
                        public void onSuccess(Map<String, Object> metadata) {
                            pool.release(connection, false);
                            answer.complete(metadata);
                        }

                        @Override
                        public void onFailure(BoltClientException error) {
                            pool.release(connection, true);
                            answer.completeExceptionally(error);
                        }
                    });
            return answer;
        }).thenApply(metadata -> parse(database, metadata)).handle((table, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(table);
            }
            Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
                    ? error.getCause() : error;
            if (endsDiscovery(cause)) {
                return CompletableFuture.<Table>failedFuture(cause);
            }
            log.debug("Routing table from {} failed: {}", address, cause.toString());
            return fetch(routers, index + 1, key, bookmarks, sessionAuth, cause);
        }).thenCompose(Function.identity());
    }

    /** The client errors that asking another router would not change. */
    private static final java.util.Set<String> DISCOVERY_ENDING_CODES = java.util.Set.of(
            "Neo.ClientError.Database.DatabaseNotFound",
            "Neo.ClientError.Transaction.InvalidBookmark",
            "Neo.ClientError.Transaction.InvalidBookmarkMixture",
            "Neo.ClientError.Statement.ArgumentError",
            "Neo.ClientError.Statement.TypeError",
            "Neo.ClientError.Request.Invalid");

    /**
     * Whether a router's failure ends the discovery instead of sending it to the next router, as in the
     * official drivers: refused credentials (not an expired authorization), an unknown database, bad bookmarks
     * or a request the server cannot understand; any other error (even an unknown client error) is one
     * router's problem.
     */
    static boolean endsDiscovery(Throwable cause) {
        if (cause instanceof BoltClientException.Authentication security) {
            return !"Neo.ClientError.Security.AuthorizationExpired".equals(security.code());
        }
        return cause instanceof BoltClientException.ClientError clientError
                && (clientError.code() == null || DISCOVERY_ENDING_CODES.contains(clientError.code()));
    }

    private Table parse(String database, Map<String, Object> metadata) {
        try {
            return parseTable(database, metadata);
        } catch (ClassCastException | NullPointerException malformed) {
            // like an unusable table: the next router is asked
            throw new BoltClientException.ServiceUnavailable("Malformed routing table for database '" + database
                    + "': " + metadata, malformed);
        }
    }

    @SuppressWarnings("unchecked")
    private Table parseTable(String database, Map<String, Object> metadata) {
        Map<String, Object> rt = (Map<String, Object>) metadata.get("rt");
        long ttl = rt.get("ttl") instanceof Long t ? t : 300;
        List<String> routers = new ArrayList<>();
        List<String> readers = new ArrayList<>();
        List<String> writers = new ArrayList<>();
        for (Object server : (List<Object>) rt.get("servers")) {
            Map<String, Object> s = (Map<String, Object>) server;
            List<String> addresses = ((List<Object>) s.get("addresses")).stream().map(String::valueOf).toList();
            switch (String.valueOf(s.get("role"))) {
                case "ROUTE" -> routers.addAll(addresses);
                case "READ" -> readers.addAll(addresses);
                case "WRITE" -> writers.addAll(addresses);
                default -> {
                }
            }
        }
        if (routers.isEmpty() || readers.isEmpty()) {
            // like the official drivers: a table without routers or readers is unusable; the next router is asked
            throw new BoltClientException.ServiceUnavailable("The routing table for database '" + database
                    + "' has no " + (routers.isEmpty() ? "routers" : "readers") + ": " + rt, null);
        }
        // the server names the database it answered for (the home database when none was asked for)
        String db = rt.get("db") instanceof String name ? name : database.isEmpty() ? null : database;
        return new Table(db, List.copyOf(routers), List.copyOf(readers), List.copyOf(writers), ttl,
                clock.millis() + ttl * 1000L);
    }
}
