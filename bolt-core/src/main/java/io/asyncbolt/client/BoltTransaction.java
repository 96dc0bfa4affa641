package io.asyncbolt.client;

import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.PullMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** An explicit transaction on one connection: any number of queries, then commit or rollback. */
public final class BoltTransaction {

    private final ClientConnection connection;
    private final long fetchSize;
    private final Consumer<String> onBookmark;
    private final Runnable onClose;
    private final ClientListener listener;
    private final List<ResultCursor> cursors = new ArrayList<>();
    private BoltClientException failure;
    private boolean open = true;

    BoltTransaction(ClientConnection connection, long fetchSize, Consumer<String> onBookmark, Runnable onClose,
            ClientListener listener) {
        this.listener = listener;
        this.connection = connection;
        this.fetchSize = fetchSize;
        this.onBookmark = onBookmark;
        this.onClose = onClose;
    }

    public CompletionStage<ResultCursor> run(String query) {
        return run(query, Map.of());
    }

    /** Sends RUN and the first PULL in one flush; completes when the keys are known. */
    public CompletionStage<ResultCursor> run(String query, Map<String, Object> parameters) {
        ResultCursor cursor;
        synchronized (this) {
            if (!open) {
                return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A",
                        "The transaction is closed", null));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            ClientListener.RequestObservation observation = listener.queryStarted();
            cursor = new ResultCursor(connection, query, parameters, fetchSize, (c, summary, error) -> {
                if (error == null) {
                    observation.succeeded();
                } else {
                    observation.failed(error.code());
                }
                if (error != null) {
                    failed(error, c);
                }
            });
            cursors.add(cursor);
        }
        connection.send(new RunMessage(query, parameters, Map.of()), cursor.runHandler(),
                new PullMessage(fetchSize, PullMessage.LAST_QUERY), cursor.pullHandler());
        return cursor.started();
    }

    /**
     * The transaction failed (one of its queries did): the server ignores everything up to the rollback,
     * so its other open results end with the same error instead of asking for more.
     */
    private void failed(BoltClientException error, ResultCursor source) {
        List<ResultCursor> others;
        synchronized (this) {
            if (failure != null) {
                return;
            }
            failure = error;
            others = new ArrayList<>(cursors);
        }
        for (ResultCursor cursor : others) {
            if (cursor != source) {
                cursor.abort(error);
            }
        }
    }

    /**
     * Discards what open results still hold on the server (DISCARD, never buffering), then commits;
     * completes with the bookmark.
     */
    public CompletionStage<String> commit() {
        List<ResultCursor> pending = close();
        if (pending == null) {
            return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A",
                    "The transaction is already closed", null));
        }
        return CompletableFuture.allOf(pending.stream()
                .map(c -> c.consumeAsync().toCompletableFuture().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).thenCompose(v -> {
                    BoltClientException error;
                    synchronized (this) {
                        error = failure;
                    }
                    if (error != null) {
                        onClose.run();
                        return CompletableFuture.failedFuture(error);
                    }
                    CompletableFuture<String> committed = new CompletableFuture<>();
                    connection.send(CommitMessage.INSTANCE, new ResponseHandler() {
                        @Override
                        public void onSuccess(Map<String, Object> metadata) {
                            String bookmark = metadata.get("bookmark") instanceof String b ? b : null;
                            onBookmark.accept(bookmark);
                            onClose.run();
                            committed.complete(bookmark);
                        }

                        @Override
                        public void onFailure(BoltClientException error) {
                            synchronized (BoltTransaction.this) {
                                failure = error;
                            }
                            onClose.run();
                            committed.completeExceptionally(error);
                        }
                    });
                    return committed;
                });
    }

    /**
     * Discards what open results still hold, then rolls back; fails with a client error when the
     * transaction was already committed or rolled back (as the official drivers do).
     */
    public CompletionStage<Void> rollback() {
        List<ResultCursor> pending = close();
        if (pending == null) {
            return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A",
                    "The transaction is already closed", null));
        }
        BoltClientException error;
        synchronized (this) {
            error = failure;
        }
        if (error != null) {
            onClose.run(); // the connection is reset on its way back to the pool
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        // like commit: what open results still hold is discarded first (the official drivers' order)
        CompletableFuture.allOf(pending.stream()
                .map(c -> c.consumeAsync().toCompletableFuture().exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).thenRun(() -> sendRollback(done));
        return done;
    }

    private void sendRollback(CompletableFuture<Void> done) {
        if (failure() != null) { // a discarded result failed: the server ignores the rest, RESET cleans up
            onClose.run();
            done.complete(null);
            return;
        }
        connection.send(RollbackMessage.INSTANCE, new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
                onClose.run();
                done.complete(null);
            }

            @Override
            public void onFailure(BoltClientException e) {
                synchronized (BoltTransaction.this) {
                    failure = e;
                }
                onClose.run();
                done.completeExceptionally(e);
            }
        });
    }

    public synchronized boolean isOpen() {
        return open;
    }

    synchronized BoltClientException failure() {
        return failure;
    }

    private synchronized List<ResultCursor> close() {
        if (!open) {
            return null;
        }
        open = false;
        return new ArrayList<>(cursors);
    }
}
