package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.Query;
import io.micrometer.observation.Observation;

/** What the {@code bolt.server.requests} observation knows of one RUN, for its {@link BoltServerRequestObservationConvention}. */
public class BoltServerRequestContext extends Observation.Context {

    private final Query query;
    private String handler = "none";
    private String outcome = "UNKNOWN";
    private String errorClassification = "none";

    public BoltServerRequestContext(Query query) {
        this.query = query;
    }

    /** The request (statement, parameters, database, user: high-cardinality, never for tags). */
    public Query getQuery() {
        return query;
    }

    /** The handler that took it ({@code Class.method}, {@code built-in}), or {@code none}. */
    public String getHandler() {
        return handler;
    }

    public void setHandler(String handler) {
        this.handler = handler;
    }

    /** {@code SUCCESS}, {@code FAILURE}, {@code CANCELLED}, or {@code UNKNOWN} while it runs. */
    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }

    /** The classification of a failure's Neo4j code ({@code ClientError}...), or {@code none}. */
    public String getErrorClassification() {
        return errorClassification;
    }

    public void setErrorClassification(String errorClassification) {
        this.errorClassification = errorClassification;
    }
}
