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

    /** A Kerberos ticket (base64), for servers with the Kerberos add-on. */
    public static AuthToken kerberos(String base64EncodedTicket) {
        return new AuthToken(Map.of("scheme", "kerberos", "principal", "", "credentials", base64EncodedTicket));
    }

    /**
     * A custom scheme, as Neo4j auth plugins expect; principal, credentials and realm may be null (then left
     * out), parameters null or empty (left out).
     */
    public static AuthToken custom(String scheme, String principal, String credentials, String realm,
            Map<String, Object> parameters) {
        if (scheme == null) {
            throw new IllegalArgumentException("The scheme of an auth token must not be null");
        }
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("scheme", scheme);
        if (principal != null) {
            token.put("principal", principal);
        }
        if (credentials != null) {
            token.put("credentials", credentials);
        }
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
