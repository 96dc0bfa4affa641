package io.asyncbolt.testkit;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.client.ServerInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** NewDriver, DriverClose, VerifyConnectivity, GetServerInfo, CheckMultiDBSupport, CheckDriverIsEncrypted. */
final class DriverRequests {

    private final BackendState state;

    DriverRequests(BackendState state) {
        this.state = state;
    }

    Map<String, Object> newDriver(Request r) {
        for (String unsupported : List.of("authTokenManagerId", "clientCertificate", "clientCertificateProviderId",
                "notificationsMinSeverity", "notificationsDisabledCategories")) {
            if (r.has(unsupported)) {
                throw new Errors.UnsupportedByClientException("The asyncbolt client has no " + unsupported);
            }
        }
        if (Boolean.TRUE.equals(r.bool("resolverRegistered")) || Boolean.TRUE.equals(r.bool("domainNameResolverRegistered"))) {
            throw new Errors.UnsupportedByClientException("The asyncbolt client has no custom address resolver");
        }
        if (Boolean.TRUE.equals(r.bool("encrypted")) || r.has("trustedCertificates")) {
            throw new Errors.UnsupportedByClientException(
                    "Explicit encryption settings are not mapped (use bolt+s / bolt+ssc URIs)");
        }
        String uri = r.required("uri");
        ClientConfig.Builder config = ClientConfig.builder();
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
        AuthToken auth = authToken(r.map("authorizationToken"));
        BoltClient client = BoltClient.create(uri, auth, config.build());
        String id = state.newId();
        state.drivers.put(id, new BackendState.DriverHolder(id, client, uri));
        return Responses.withId("Driver", id);
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
