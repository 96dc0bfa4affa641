package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.SessionConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link BoltTemplate} and {@link ReactiveBoltTemplate} queries share: the statement, its parameters,
 * the database and the access mode.
 *
 * @param <S> the concrete query type, returned by the fluent setters
 */
public abstract class CypherSpec<S extends CypherSpec<S>> {

    final String cypher;
    final Map<String, Object> parameters = new LinkedHashMap<>();
    private String database;
    private boolean readOnly;

    CypherSpec(String cypher, String database) {
        this.cypher = cypher;
        this.database = database;
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    public S param(String name, Object value) {
        parameters.put(name, value);
        return self();
    }

    public S params(Map<String, ?> values) {
        parameters.putAll(values);
        return self();
    }

    /** Runs against the given database instead of the configured one. */
    public S in(String database) {
        this.database = database;
        return self();
    }

    /** Runs as read-only (routed to readers with {@code neo4j://}). */
    public S readOnly() {
        this.readOnly = true;
        return self();
    }

    /** A copy of the parameters, so a spec may be run again. */
    Map<String, Object> parameterCopy() {
        return new LinkedHashMap<>(parameters);
    }

    SessionConfig sessionConfig() {
        return new SessionConfig(database, readOnly, List.of(), 0, null);
    }
}
