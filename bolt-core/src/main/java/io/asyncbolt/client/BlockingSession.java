package io.asyncbolt.client;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The blocking face of a {@link BoltSession}, for code that runs on its own threads: each call waits for
 * its answer and throws the {@link BoltClientException} the server or connection gave. Never call it on a
 * network thread.
 */
public final class BlockingSession implements AutoCloseable {

    private final BoltSession session;
    private final BoltClient client;

    BlockingSession(BoltClient client, BoltSession session) {
        this.client = client;
        this.session = session;
    }

    /** All records of an auto-commit query. */
    public List<Record> run(String query, Map<String, Object> parameters) {
        return await(session.run(query, parameters).thenCompose(ResultCursor::listAsync));
    }

    public List<Record> run(String query) {
        return run(query, Map.of());
    }

    /** Runs an auto-commit query for its effect; gives the summary (counters, notifications...). */
    public ResultSummary execute(String query, Map<String, Object> parameters) {
        return await(session.run(query, parameters).thenCompose(ResultCursor::consumeAsync));
    }

    public BlockingTransaction beginTransaction(TransactionConfig config) {
        return new BlockingTransaction(await(session.beginTransaction(config)));
    }

    public BlockingTransaction beginTransaction() {
        return beginTransaction(TransactionConfig.DEFAULT);
    }

    /** Work in a read transaction, retried on transient errors until the client's max retry time. */
    public <T> T executeRead(Function<BlockingTransaction, T> work) {
        return executeRead(work, TransactionConfig.DEFAULT);
    }

    public <T> T executeRead(Function<BlockingTransaction, T> work, TransactionConfig config) {
        return client.retryBlocking(() -> inTransaction(config, false, work));
    }

    /** Work in a write transaction (whatever the session's default access mode), retried like {@link #executeRead}. */
    public <T> T executeWrite(Function<BlockingTransaction, T> work) {
        return executeWrite(work, TransactionConfig.DEFAULT);
    }

    public <T> T executeWrite(Function<BlockingTransaction, T> work, TransactionConfig config) {
        return client.retryBlocking(() -> inTransaction(config, true, work));
    }

    public List<String> lastBookmarks() {
        return session.lastBookmarks();
    }

    /** Discards an open result, rolls back an open transaction and gives the connection back. */
    @Override
    public void close() {
        await(session.closeAsync());
    }

    private <T> T inTransaction(TransactionConfig config, boolean write, Function<BlockingTransaction, T> work) {
        BlockingTransaction tx = new BlockingTransaction(await(session.begin(config, write)));
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException e) {
            if (tx.isOpen()) {
                try {
                    tx.rollback();
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            throw e;
        }
        if (tx.isOpen()) {
            tx.commit();
        }
        return result;
    }

    /** Waits for {@code stage}; its failure is thrown as it is (a {@link BoltClientException} mostly). */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A transaction whose calls wait for their answers. */
    public static final class BlockingTransaction implements AutoCloseable {

        private final BoltTransaction tx;

        BlockingTransaction(BoltTransaction tx) {
            this.tx = tx;
        }

        public List<Record> run(String query, Map<String, Object> parameters) {
            return await(tx.run(query, parameters).thenCompose(ResultCursor::listAsync));
        }

        public List<Record> run(String query) {
            return run(query, Map.of());
        }

        /** Commits; gives the bookmark. */
        public String commit() {
            return await(tx.commit());
        }

        public void rollback() {
            await(tx.rollback());
        }

        public boolean isOpen() {
            return tx.isOpen();
        }

        /** Rolls back unless committed. */
        @Override
        public void close() {
            if (tx.isOpen()) {
                rollback();
            }
        }
    }
}
