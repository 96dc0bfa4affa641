package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltVersion;

/**
 * Hears what the server does, for metrics and tracing. Called on network threads: implementations must
 * be fast and must not block. Every method has a no-op default.
 */
public interface ServerListener {

    ServerListener NONE = new ServerListener() { };

    /** The observation of the request whose {@link QueryHandler#run} call is on this thread. */
    ThreadLocal<RequestObservation> CURRENT = ThreadLocal.withInitial(() -> RequestObservation.NONE);

    /**
     * Names the handler that took the current request (a low-cardinality name such as
     * {@code BooksHandler.byIsbn}); call from within {@link QueryHandler#run}. Does nothing elsewhere.
     */
    static void describeHandler(String name) {
        CURRENT.get().handler(name);
    }

    /** A client negotiated a Bolt version. */
    default void connectionOpened(String connectionId, BoltVersion version) {
    }

    /** A negotiated connection closed, for whatever reason. */
    default void connectionClosed(String connectionId) {
    }

    /**
     * A connection was refused before it could serve anything; {@code reason} is one of
     * {@code max-connections}, {@code handshake}, {@code authentication}.
     */
    default void connectionRejected(String reason) {
    }

    /** A RUN is about to be handed to the query handler; the returned observation hears how it ended. */
    default RequestObservation queryStarted(Query query) {
        return RequestObservation.NONE;
    }

    /** Bytes received from clients. */
    default void bytesRead(long bytes) {
    }

    /** Bytes sent to clients. */
    default void bytesWritten(long bytes) {
    }

    /** The end of one observed request. */
    interface RequestObservation {

        RequestObservation NONE = new RequestObservation() { };

        /** The name of the handler that took the request, as a low-cardinality tag. */
        default void handler(String name) {
        }

        /** The result was fully sent or discarded. */
        default void succeeded() {
        }

        /** The request failed with this Neo4j status code. */
        default void failed(String code) {
        }

        /**
         * The request failed with this Neo4j status code because of {@code error} (what the handler threw
         * or completed with); by default {@link #failed(String)}.
         */
        default void failed(String code, Throwable error) {
            failed(code);
        }

        /** The client reset or went away before the result completed. */
        default void cancelled() {
        }
    }
}
