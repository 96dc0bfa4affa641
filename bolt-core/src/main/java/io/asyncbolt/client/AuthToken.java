package io.asyncbolt.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** The credentials the client presents in HELLO (Bolt 4.4, 5.0) or LOGON (5.1+). */
public record AuthToken(Map<String, Object> fields) {

    public AuthToken {
        fields = Map.copyOf(fields);
    }

    public static AuthToken none() {
        return new AuthToken(Map.of("scheme", "none"));
    }

    public static AuthToken basic(String user, String password) {
        return new AuthToken(Map.of("scheme", "basic", "principal", user, "credentials", password));
    }

    public static AuthToken bearer(String token) {
        return new AuthToken(Map.of("scheme", "bearer", "credentials", token));
    }

    /** A custom scheme with optional realm and parameters, as Neo4j auth plugins expect. */
    public static AuthToken custom(String scheme, String principal, String credentials, String realm,
            Map<String, Object> parameters) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("scheme", scheme);
        token.put("principal", principal);
        token.put("credentials", credentials);
        if (realm != null) {
            token.put("realm", realm);
        }
        if (parameters != null && !parameters.isEmpty()) {
            token.put("parameters", parameters);
        }
        return new AuthToken(token);
    }

    @Override
    public String toString() {
        return "AuthToken{scheme=" + fields.get("scheme") + ", principal=" + fields.get("principal") + "}";
    }
}
