package io.asyncbolt.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Hears about explicit transactions (BEGIN, COMMIT, ROLLBACK). Called on the handler executor (on the
 * network thread if it says it never {@linkplain #blocks blocks}). The
 * default accepts every transaction; a rollback also happens when the client resets, fails or vanishes
 * inside a transaction, when its {@code tx_timeout} passes, and when BEGIN is cancelled while it runs (so
 * {@link #rollback} may come for a transaction whose {@link #begin} has not finished or has failed). The
 * Spring Boot starter's {@code SpringTransactionHandler} runs each one in a Spring transaction.
 */
public interface TransactionHandler {

    /** Accepts everything. */
    TransactionHandler ACCEPT_ALL = new TransactionHandler() {
        @Override
        public boolean blocks() {
            return false;
        }
    };

    /**
     * Whether {@link #begin}, {@link #commit} and {@link #rollback} may block (default true: they are
     * called on the handler executor); false calls them on the connection's network thread, where they
     * must never block.
     */
    default boolean blocks() {
        return true;
    }

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
