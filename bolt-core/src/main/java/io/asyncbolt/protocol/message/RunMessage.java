package io.asyncbolt.protocol.message;

import java.util.Map;

/**
 * RUN: execute a query. In auto-commit mode {@code extra} carries the transaction options; inside an
 * explicit transaction it is empty.
 */
public record RunMessage(String query, Map<String, Object> parameters, Map<String, Object> extra)
        implements Request, TransactionOptions {

    public static final byte SIGNATURE = 0x10;

    public RunMessage {
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        parameters = MessageMaps.immutable(parameters);
        extra = MessageMaps.immutable(extra);
    }

    public RunMessage(String query, Map<String, Object> parameters) {
        this(query, parameters, Map.of());
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "RUN \"" + query + "\" " + parameters + " " + extra;
    }
}
