package io.asyncbolt.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hears about explicit transactions (BEGIN, COMMIT, ROLLBACK). Called on the handler executor. The
 * default accepts every transaction; a rollback also happens when the client resets, fails or vanishes
 * inside a transaction.
 */
public interface TransactionHandler {

    /** Accepts everything. */
    TransactionHandler ACCEPT_ALL = new TransactionHandler() { };

    default CompletionStage<Void> begin(Transaction transaction) throws Exception {
        return CompletableFuture.completedFuture(null);
    }

    /** Completes with the bookmark to return, or null to let the engine make one. */
    default CompletionStage<String> commit(Transaction transaction) throws Exception {
        return CompletableFuture.completedFuture(null);
    }

    default CompletionStage<Void> rollback(Transaction transaction) throws Exception {
        return CompletableFuture.completedFuture(null);
    }
}
