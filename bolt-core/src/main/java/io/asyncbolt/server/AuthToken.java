package io.asyncbolt.server;

import io.asyncbolt.protocol.message.AuthTokens;
import java.util.Map;

/**
 * The authentication token a client sent in HELLO (Bolt 4.4, 5.0) or LOGON (5.1+).
 *
 * @param scheme      {@code none}, {@code basic}, {@code bearer}, {@code kerberos} or a custom scheme
 * @param principal   the user name, or null
 * @param credentials the password or token, or null
 * @param fields      every field of the token as sent (realm, parameters, custom keys)
 */
public record AuthToken(String scheme, String principal, String credentials, Map<String, Object> fields) {

    public AuthToken {
        scheme = scheme == null ? "none" : scheme;
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** Reads a token map as it travels on the wire. */
    public static AuthToken of(Map<String, Object> token) {
        return new AuthToken(string(token.get(AuthTokens.SCHEME)), string(token.get(AuthTokens.PRINCIPAL)),
                string(token.get(AuthTokens.CREDENTIALS)), token);
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }

    @Override
    public String toString() {
        return "AuthToken{scheme=" + scheme + ", principal=" + principal + "}";
    }
}
