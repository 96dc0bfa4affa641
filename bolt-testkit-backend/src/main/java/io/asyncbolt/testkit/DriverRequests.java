package io.asyncbolt.testkit;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.client.EagerResult;
import io.asyncbolt.client.NotificationConfig;
import io.asyncbolt.client.QueryConfig;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.RoutingTableInfo;
import io.asyncbolt.client.ServerInfo;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NewDriver, DriverClose, VerifyConnectivity, GetServerInfo, CheckMultiDBSupport, CheckDriverIsEncrypted,
 * VerifyAuthentication, CheckSessionAuthSupport, GetRoutingTable, ForcedRoutingTableUpdate,
 * GetConnectionPoolMetrics, ExecuteQuery.
 */
final class DriverRequests {

    private final BackendState state;
    private final Callbacks callbacks;
    private final BookmarkManagers bookmarkManagers;
    private final AuthManagers authManagers;

    DriverRequests(BackendState state, Callbacks callbacks, BookmarkManagers bookmarkManagers, AuthManagers authManagers) {
        this.state = state;
        this.callbacks = callbacks;
        this.bookmarkManagers = bookmarkManagers;
        this.authManagers = authManagers;
    }

    Map<String, Object> newDriver(Request r) {
        for (String unsupported : List.of("clientCertificate", "clientCertificateProviderId")) {
            if (r.has(unsupported)) {
                throw new Errors.UnsupportedByClientException("The asyncbolt client has no " + unsupported);
            }
        }
        if (Boolean.TRUE.equals(r.bool("encrypted")) || r.has("trustedCertificates")) {
            throw new Errors.UnsupportedByClientException(
                    "Explicit encryption settings are not mapped (use bolt+s / bolt+ssc URIs)");
        }
        String uri = r.required("uri");
        ClientConfig.Builder config = ClientConfig.builder().clock(state.clock);
        if (Boolean.TRUE.equals(r.bool("resolverRegistered"))) {
            config.resolver(this::resolve);
        }
        if (Boolean.TRUE.equals(r.bool("domainNameResolverRegistered"))) {
            config.domainNameResolver(this::resolveName);
        }
        if (r.bool("telemetryDisabled") != null) {
            config.telemetryDisabled(r.bool("telemetryDisabled"));
        }
        if (r.string("userAgent") != null) {
            config.userAgent(r.string("userAgent"));
        }
        if (r.number("connectionTimeoutMs") != null) {
            config.connectTimeout(Duration.ofMillis(r.number("connectionTimeoutMs")));
        }
        if (r.number("fetchSize") != null) {
            config.fetchSize(r.number("fetchSize"));
        }
        if (r.number("maxTxRetryTimeMs") != null) {
            config.maxRetryTime(Duration.ofMillis(r.number("maxTxRetryTimeMs")));
        }
        if (r.number("livenessCheckTimeoutMs") != null) {
            config.livenessCheckAfter(Duration.ofMillis(r.number("livenessCheckTimeoutMs")));
        }
        if (r.number("maxConnectionPoolSize") != null) {
            config.maxPoolSize(r.number("maxConnectionPoolSize").intValue());
        }
        if (r.number("connectionAcquisitionTimeoutMs") != null) {
            config.acquisitionTimeout(Duration.ofMillis(r.number("connectionAcquisitionTimeoutMs")));
        }
        NotificationConfig notifications = notificationConfig(r);
        if (notifications != null) {
            config.notificationConfig(notifications);
        }
        BoltClient client = r.has("authTokenManagerId")
                ? BoltClient.create(uri, authManagers.get(r.string("authTokenManagerId")), config.build())
                : BoltClient.create(uri, authToken(r.map("authorizationToken")), config.build());
        String id = state.newId();
        state.drivers.put(id, new BackendState.DriverHolder(id, client, uri));
        return Responses.withId("Driver", id);
    }

    /** The custom resolver: asks testkit with ResolverResolutionRequired and waits for its addresses. */
    private List<String> resolve(String address) {
        Request answer = callbacks.askAndWait("ResolverResolutionRequired", Map.of("address", address));
        List<String> addresses = new ArrayList<>();
        if (answer.list("addresses") != null) {
            answer.list("addresses").forEach(a -> addresses.add(String.valueOf(a)));
        }
        return addresses;
    }

    /** The custom domain name resolver: asks testkit with DomainNameResolutionRequired for a name's IPs. */
    private InetAddress[] resolveName(String name) throws UnknownHostException {
        Request answer = callbacks.askAndWait("DomainNameResolutionRequired", Map.of("name", name));
        List<InetAddress> addresses = new ArrayList<>();
        if (answer.list("addresses") != null) {
            for (Object a : answer.list("addresses")) {
                addresses.add(InetAddress.getByName(String.valueOf(a)));
            }
        }
        return addresses.toArray(InetAddress[]::new);
    }

    /** {@code notificationsMinSeverity} / {@code notificationsDisabledCategories} of a request, or null if neither. */
    static NotificationConfig notificationConfig(Request r) {
        boolean severity = r.has("notificationsMinSeverity");
        boolean categories = r.list("notificationsDisabledCategories") != null;
        if (!severity && !categories) {
            return null;
        }
        Set<String> disabled = null;
        if (categories) {
            disabled = new LinkedHashSet<>();
            for (Object c : r.list("notificationsDisabledCategories")) {
                disabled.add(String.valueOf(c));
            }
        }
        return new NotificationConfig(severity ? r.string("notificationsMinSeverity") : null, disabled);
    }

    @SuppressWarnings("unchecked")
    static AuthToken authToken(Map<String, Object> typed) {
        if (typed == null) {
            return AuthToken.none();
        }
        Map<String, Object> t = typed.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : typed;
        String scheme = (String) t.get("scheme");
        String principal = (String) t.get("principal");
        String credentials = (String) t.get("credentials");
        String realm = (String) t.get("realm");
        Map<String, Object> parameters = t.get("parameters") instanceof Map<?, ?> p ? (Map<String, Object>) p : null;
        if (scheme == null) {
            throw new Errors.BadRequestException("authorizationToken without scheme");
        }
        switch (scheme) {
            case "none":
                return AuthToken.none();
            case "basic":
                if (realm == null || realm.isEmpty()) {
                    return AuthToken.basic(principal, credentials);
                }
                return AuthToken.custom("basic", principal, credentials, realm, null);
            case "bearer":
                return AuthToken.bearer(credentials);
            case "kerberos":
                return AuthToken.kerberos(credentials);
            default:
                return AuthToken.custom(scheme, principal, credentials, realm,
                        parameters == null ? null : new LinkedHashMap<>(parameters));
        }
    }

    Map<String, Object> close(Request r) {
        String id = r.required("driverId");
        BackendState.DriverHolder driver = state.drivers.remove(id);
        if (driver == null) {
            throw new Errors.BadRequestException("no driver " + id);
        }
        driver.client().close();
        return Responses.withId("Driver", id);
    }

    Map<String, Object> verifyConnectivity(Request r) {
        String id = r.required("driverId");
        Await.result(driver(id).client().verifyConnectivity());
        return Responses.withId("Driver", id);
    }

    Map<String, Object> serverInfo(Request r) {
        ServerInfo info = Await.result(driver(r.required("driverId")).client().serverInfo());
        return Responses.of("ServerInfo", Summaries.serverInfo(info));
    }

    /** Multiple databases exist from Bolt 4.0 on: asks the server for its version, as the drivers do. */
    Map<String, Object> multiDbSupport(Request r) {
        String id = r.required("driverId");
        ServerInfo info = Await.result(driver(id).client().serverInfo());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("available", info.protocolVersion() != null && info.protocolVersion().major() >= 4);
        return Responses.of("MultiDBSupport", data);
    }

    Map<String, Object> verifyAuthentication(Request r) {
        String id = r.required("driverId");
        boolean ok = Await.result(driver(id).client().verifyAuthentication(authToken(r.map("authorizationToken"))));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("authenticated", ok);
        return Responses.of("DriverIsAuthenticated", data);
    }

    Map<String, Object> sessionAuthSupport(Request r) {
        String id = r.required("driverId");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("available", Await.result(driver(id).client().supportsSessionAuth()));
        return Responses.of("SessionAuthSupport", data);
    }

    Map<String, Object> routingTable(Request r) {
        BackendState.DriverHolder driver = driver(r.required("driverId"));
        // no table (never fetched, or the fetch failed): the drivers' backends answer with an empty one
        RoutingTableInfo table = driver.client().routingTable(r.string("database")).orElse(new RoutingTableInfo(
                r.string("database"), 0, List.of(), List.of(), List.of()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("database", table.database());
        data.put("ttl", table.ttlSeconds());
        data.put("routers", table.routers());
        data.put("readers", table.readers());
        data.put("writers", table.writers());
        return Responses.of("RoutingTable", data);
    }

    Map<String, Object> forceRoutingTableUpdate(Request r) {
        String id = r.required("driverId");
        List<String> bookmarks = new ArrayList<>();
        if (r.list("bookmarks") != null) {
            r.list("bookmarks").forEach(b -> bookmarks.add((String) b));
        }
        Await.result(driver(id).client().refreshRoutingTable(r.string("database"), bookmarks));
        return Responses.withId("Driver", id);
    }

    Map<String, Object> poolMetrics(Request r) {
        BoltClient.PoolMetrics metrics = driver(r.required("driverId")).client().poolMetrics(r.required("address"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("inUse", metrics.inUse());
        data.put("idle", metrics.idle());
        return Responses.of("ConnectionPoolMetrics", data);
    }

    /** Driver-level executeQuery: the whole result at once. */
    Map<String, Object> executeQuery(Request r) {
        BoltClient client = driver(r.required("driverId")).client();
        Request c = new Request(r.map("config") == null ? Map.of() : r.map("config"));
        QueryConfig config = QueryConfig.DEFAULT.withReadOnly("r".equals(c.string("routing")))
                .withDatabase(c.string("database")).withImpersonatedUser(c.string("impersonatedUser"))
                .withTransaction(SessionRequests.txConfig(c));
        if (c.has("bookmarkManagerId")) {
            // absent: the client's executeQuery manager; -1: none
            String managerId = c.string("bookmarkManagerId");
            config = config.withBookmarkManager("-1".equals(managerId) ? null : bookmarkManagers.get(managerId));
        }
        if (c.map("authorizationToken") != null) {
            config = config.withAuth(authToken(c.map("authorizationToken")));
        }
        EagerResult result = Await.result(client.executeQuery(r.required("cypher"),
                CypherValues.parameters(r.get("params")), config));
        List<Object> records = new ArrayList<>();
        for (Record record : result.records()) {
            records.add(ResultRequests.values(record));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keys", result.keys());
        data.put("records", records);
        data.put("summary", Summaries.body(result.summary()));
        return Responses.of("EagerResult", data);
    }

    Map<String, Object> isEncrypted(Request r) {
        return Responses.of("DriverIsEncrypted", Map.of("encrypted", driver(r.required("driverId")).client().isEncrypted()));
    }

    BackendState.DriverHolder driver(String id) {
        BackendState.DriverHolder driver = state.drivers.get(id);
        if (driver == null) {
            throw new Errors.BadRequestException("no driver " + id);
        }
        return driver;
    }
}
