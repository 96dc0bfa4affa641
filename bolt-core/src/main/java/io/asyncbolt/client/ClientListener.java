package io.asyncbolt.client;

/**
 * Hears what the client does, for metrics and tracing. Called on network threads: implementations must
 * be fast and must not block. Every method has a no-op default.
 */
public interface ClientListener {

    ClientListener NONE = new ClientListener() { };

    /** A connection was handed out (or not) after waiting {@code nanos}. */
    default void acquired(long nanos, boolean success) {
    }

    /** An auto-commit query or transaction query starts; the observation hears how it ends. */
    default RequestObservation queryStarted() {
        return RequestObservation.NONE;
    }

    /** The end of one observed query. */
    interface RequestObservation {

        RequestObservation NONE = new RequestObservation() { };

        default void succeeded() {
        }

        /** Failed with this Neo4j status code ({@code N/A} for connection failures). */
        default void failed(String code) {
        }
    }
}
