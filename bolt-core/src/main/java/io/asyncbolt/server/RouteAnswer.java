package io.asyncbolt.server;

import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Answers ROUTE with the table of the {@link RoutingTableProvider}. Used on the event loop only. */
final class RouteAnswer {

    private final ServerConfig config;
    private final ResponseWriter out;
    private final RequestQueue requests;
    private final FailureHandling failures;

    RouteAnswer(ServerConfig config, ResponseWriter out, RequestQueue requests, FailureHandling failures) {
        this.config = config;
        this.out = out;
        this.requests = requests;
        this.failures = failures;
    }

    void route(RouteMessage route, RequestContext context) {
        // the provider is embedder code and may block (ask a cluster, a registry): it runs on the executor
        requests.call(route, () -> CompletableFuture.completedFuture(
                config.routing().route(route.database(), route.routing(), context)), (table, error) -> {
                    if (error != null || table == null) {
                        failures.fail(error != null ? error
                                : new IllegalStateException("RoutingTableProvider returned null"));
                        return;
                    }
                    out.send(new SuccessMessage(Map.of("rt", metadata(route, table))));
                });
    }

    private Map<String, Object> metadata(RouteMessage route, RoutingTable table) {
        List<Map<String, Object>> servers = new ArrayList<>();
        servers.add(Map.of("addresses", table.routers(), "role", "ROUTE"));
        servers.add(Map.of("addresses", table.readers(), "role", "READ"));
        servers.add(Map.of("addresses", table.writers(), "role", "WRITE"));
        Map<String, Object> rt = new LinkedHashMap<>();
        rt.put("ttl", Math.max(1, table.ttl().toSeconds()));
        rt.put("db", route.database() != null ? route.database() : config.defaultDatabase());
        rt.put("servers", servers);
        return rt;
    }
}
