package io.asyncbolt.server;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Answers RUN requests. Called on the handler executor, never on a network thread, unless it says that
 * a query does not {@linkplain #blocks block}: then it may block, or return a stage completed later. Throw
 * (or complete exceptionally with) a {@link BoltException} to choose the FAILURE code; any other exception
 * becomes {@code Neo.DatabaseError.General.UnknownError} without its message reaching the client.
 */
@FunctionalInterface
public interface QueryHandler {

    CompletionStage<QueryResult> run(Query query) throws Exception;

    /**
     * Whether {@link #run} may block for {@code query} (default true: it is called on the handler
     * executor). A handler that answers at once, or returns a stage completed by someone else without
     * waiting, returns false and is called on the connection's network thread, saving two thread hand-offs;
     * it must then never block, not even briefly, or it stalls every connection of that thread. Asked on
     * the network thread, so it must be cheap. Rows of a lazy iterator are still read on the executor.
     */
    default boolean blocks(Query query) {
        return true;
    }

    /** {@code handler}, declared never to block: called on the network thread for every query. */
    static QueryHandler nonBlocking(QueryHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return new QueryHandler() {
            @Override
            public CompletionStage<QueryResult> run(Query query) throws Exception {
                return handler.run(query);
            }

            @Override
            public boolean blocks(Query query) {
                return false;
            }
        };
    }
}
