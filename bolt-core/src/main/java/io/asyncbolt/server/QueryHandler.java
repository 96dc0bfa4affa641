package io.asyncbolt.server;

import java.util.concurrent.CompletionStage;

/**
 * Answers RUN requests. Called on the handler executor, never on a network thread: it may block, or
 * return a stage completed later. Throw (or complete exceptionally with) a {@link BoltException} to
 * choose the FAILURE code; any other exception becomes {@code Neo.DatabaseError.General.UnknownError}
 * without its message reaching the client.
 */
@FunctionalInterface
public interface QueryHandler {

    CompletionStage<QueryResult> run(Query query) throws Exception;
}
