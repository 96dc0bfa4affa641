package io.asyncbolt.client;

import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.TransactionOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A causal chain of work against one database: auto-commit queries, explicit transactions and managed
 * transactions retried on transient errors. Each unit of work borrows a pooled connection and gives it
 * back when its result is consumed; bookmarks are chained from one unit to the next. Not thread-safe:
 * run one unit of work at a time.
 */
public final class BoltSession {

    private final BoltClient client;
    private final SessionConfig config;
    private volatile List<String> bookmarks;

    BoltSession(BoltClient client, SessionConfig config) {
        this.client = client;
        this.config = config;
        this.bookmarks = config.bookmarks();
    }

    SessionConfig config() {
        return config;
    }

    /** Takes the bookmarks of work done in another session on this one's behalf. */
    void chain(List<String> newer) {
        if (!newer.isEmpty()) {
            bookmarks = newer;
        }
    }

    /** The same session, with calls that wait for their answers. */
    public BlockingSession blocking() {
        return new BlockingSession(client, this);
    }

    /** The bookmarks of the last committed work (or those the session started with). */
    public List<String> lastBookmarks() {
        return bookmarks;
    }

    public CompletionStage<ResultCursor> run(String query) {
        return run(query, Map.of(), TransactionConfig.DEFAULT);
    }

    public CompletionStage<ResultCursor> run(String query, Map<String, Object> parameters) {
        return run(query, parameters, TransactionConfig.DEFAULT);
    }

    /** An auto-commit query: RUN and the first PULL go out in one flush. */
    public CompletionStage<ResultCursor> run(String query, Map<String, Object> parameters, TransactionConfig tx) {
        ClientListener.RequestObservation observation = client.config().listener().queryStarted();
        return client.acquire(config).whenComplete((c, e) -> {
            if (e != null) {
                observation.failed(e instanceof BoltClientException b ? b.code()
                        : e.getCause() instanceof BoltClientException b ? b.code() : "N/A");
            }
        }).thenCompose(connection -> {
            ResultCursor cursor = new ResultCursor(connection, fetchSize(), (c, summary, error) -> {
                if (summary != null && summary.bookmark() != null) {
                    bookmarks = List.of(summary.bookmark());
                }
                if (error != null) {
                    observation.failed(error.code());
                } else {
                    observation.succeeded();
                }
                client.release(connection, error);
            });
            connection.send(new RunMessage(query, parameters, extra(tx)), cursor.runHandler(),
                    new PullMessage(fetchSize(), PullMessage.LAST_QUERY), cursor.pullHandler());
            return cursor.started();
        });
    }

    /**
     * The records of an auto-commit query as a {@link java.util.concurrent.Flow.Publisher}: the query runs
     * when subscribed, records flow as requested, cancelling discards the rest (Reactor and RxJava adapt
     * it with their {@code FlowAdapters}).
     */
    public java.util.concurrent.Flow.Publisher<Record> stream(String query, Map<String, Object> parameters) {
        return new RecordPublisher(() -> run(query, parameters));
    }

    public CompletionStage<BoltTransaction> beginTransaction() {
        return beginTransaction(TransactionConfig.DEFAULT);
    }

    /** Starts an explicit transaction; completes once the server accepted BEGIN. */
    public CompletionStage<BoltTransaction> beginTransaction(TransactionConfig tx) {
        return client.acquire(config).thenCompose(connection -> {
            CompletableFuture<BoltTransaction> begun = new CompletableFuture<>();
            BoltTransaction[] holder = new BoltTransaction[1];
            holder[0] = new BoltTransaction(connection, fetchSize(), bookmark -> {
                if (bookmark != null) {
                    bookmarks = List.of(bookmark);
                }
            }, () -> client.release(connection, holder[0].failure()), client.config().listener());
            connection.send(new BeginMessage(extra(tx)), new ResponseHandler() {
                @Override
                public void onSuccess(Map<String, Object> metadata) {
                    begun.complete(holder[0]);
                }

                @Override
                public void onFailure(BoltClientException error) {
                    client.release(connection, error);
                    begun.completeExceptionally(error);
                }
            });
            return begun;
        });
    }

    /** Runs {@code work} in a read transaction, retried on transient errors; see {@link #executeWrite}. */
    public <T> CompletionStage<T> executeRead(Function<BoltTransaction, CompletionStage<T>> work) {
        return new BoltSession(client, config.withReadOnly(true).withBookmarks(bookmarks)).executeManaged(work, this);
    }

    /**
     * Runs {@code work} in a transaction and commits it; on a retryable error (transient, service
     * unavailable, session expired) the transaction is rolled back and the work run again, with
     * exponential back-off and jitter, until the client's {@code maxRetryTime} has passed.
     */
    public <T> CompletionStage<T> executeWrite(Function<BoltTransaction, CompletionStage<T>> work) {
        return executeManaged(work, this);
    }

    private <T> CompletionStage<T> executeManaged(Function<BoltTransaction, CompletionStage<T>> work,
            BoltSession bookmarkOwner) {
        return client.retry(() -> beginTransaction().thenCompose(tx -> {
            CompletionStage<T> result;
            try {
                result = work.apply(tx);
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            return result.handle((value, error) -> {
                if (error != null) {
                    return tx.rollback().handle((v, e) -> null).thenCompose(v ->
                            CompletableFuture.<T>failedFuture(error));
                }
                return tx.commit().thenApply(bookmark -> {
                    bookmarkOwner.bookmarks = bookmarks;
                    return value;
                });
            }).thenCompose(Function.identity());
        }));
    }

    private long fetchSize() {
        return config.fetchSize() != 0 ? config.fetchSize() : client.config().fetchSize();
    }

    private Map<String, Object> extra(TransactionConfig tx) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!bookmarks.isEmpty()) {
            extra.put(TransactionOptions.BOOKMARKS, bookmarks);
        }
        if (tx.timeout() != null) {
            extra.put(TransactionOptions.TX_TIMEOUT, tx.timeout().toMillis());
        }
        if (!tx.metadata().isEmpty()) {
            extra.put(TransactionOptions.TX_METADATA, tx.metadata());
        }
        if (config.readOnly()) {
            extra.put(TransactionOptions.MODE, "r");
        }
        if (config.database() != null) {
            extra.put(TransactionOptions.DATABASE, config.database());
        }
        if (config.impersonatedUser() != null) {
            extra.put(TransactionOptions.IMPERSONATED_USER, config.impersonatedUser());
        }
        return extra;
    }
}
