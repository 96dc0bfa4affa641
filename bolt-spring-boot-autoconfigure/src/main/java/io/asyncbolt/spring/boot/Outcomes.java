package io.asyncbolt.spring.boot;

/** Low-cardinality tag values derived from Neo4j status codes, shared by server and client metrics. */
public final class Outcomes {

    private Outcomes() {
    }

    /** {@code Neo.ClientError.Statement.SyntaxError} gives {@code ClientError}; codes without one {@code unknown}. */
    public static String classification(String code) {
        String[] parts = code == null ? new String[0] : code.split("\\.");
        return parts.length > 1 ? parts[1] : "unknown";
    }
}
