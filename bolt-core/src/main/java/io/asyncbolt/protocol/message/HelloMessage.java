package io.asyncbolt.protocol.message;

import java.util.List;
import java.util.Map;

/**
 * HELLO: the first message of a connection.
 *
 * @param extra     user agent, bolt agent, routing context, patches and notification filters
 * @param authToken the authentication token; carried inside HELLO up to Bolt 5.0 only (from 5.1 it
 *                  travels in {@link LogonMessage} and is null here)
 */
public record HelloMessage(Map<String, Object> extra, Map<String, Object> authToken) implements Request {

    public static final byte SIGNATURE = 0x01;
    public static final String USER_AGENT = "user_agent";
    public static final String BOLT_AGENT = "bolt_agent";
    public static final String ROUTING = "routing";
    public static final String PATCH_BOLT = "patch_bolt";

    public HelloMessage {
        extra = MessageMaps.immutable(extra);
        authToken = authToken == null ? null : MessageMaps.immutable(authToken);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    public String userAgent() {
        return MessageMaps.string(extra, USER_AGENT);
    }

    public Map<String, Object> boltAgent() {
        return MessageMaps.map(extra, BOLT_AGENT);
    }

    /** The routing context sent by routing drivers ({@code neo4j://}), or null when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> routing() {
        Object routing = extra.get(ROUTING);
        return routing instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** Requested Bolt patches (4.4 only; {@code "utc"} is the only one). */
    public List<String> patchBolt() {
        return MessageMaps.strings(extra, PATCH_BOLT);
    }

    @Override
    public String toString() {
        return "HELLO " + extra + (authToken == null ? "" : " " + AuthTokens.redacted(authToken));
    }
}
