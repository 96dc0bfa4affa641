package io.asyncbolt.client;

import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.OwnedMaps;
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
public final class BoltSession implements AutoCloseable {

    /** TELEMETRY's api values: which driver API the work came from. */
    static final int TELEMETRY_TX_FUNCTION = 0;
    static final int TELEMETRY_UNMANAGED_TX = 1;
    static final int TELEMETRY_AUTO_COMMIT = 2;
    static final int TELEMETRY_EXECUTE_QUERY = 3;

    private final BoltClient client;
    private final SessionConfig config;
    private volatile List<String> bookmarks;
    /** The home database once the routing table named it (the session then stays in it), or null. */
    private volatile String resolvedDatabase;
    /** The unit of work under way: an open result or transaction, for {@link #close()}. */
    private volatile ResultCursor openResult;
    private volatile BoltTransaction openTransaction;
    private volatile boolean closed;

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

    /** The database the session's work runs in: the configured one, the resolved home database, or null. */
    public String database() {
        return config.database() != null ? config.database() : resolvedDatabase;
    }

    public CompletionStage<ResultCursor> run(String query) {
        return run(query, Map.of(), TransactionConfig.DEFAULT);
    }

    public CompletionStage<ResultCursor> run(String query, Map<String, Object> parameters) {
        return run(query, parameters, TransactionConfig.DEFAULT);
    }

    /** An auto-commit query: RUN and the first PULL go out in one flush. */
    public CompletionStage<ResultCursor> run(String query, Map<String, Object> parameters, TransactionConfig tx) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        ClientListener.RequestObservation observation = client.config().listener().queryStarted();
        CompletionStage<ClientConnection> acquiring = acquire(!config.readOnly());
        ClientConnection ready = Stages.doneValue(acquiring);
        if (ready != null) { // a pooled connection, handed over at once: no stages in between
            try {
                return runOn(ready, query, parameters, tx, observation);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e); // as thenCompose would have failed the stage
            }
        }
        return acquiring.whenComplete((c, e) -> {
            if (e != null) {
                observation.failed(e instanceof BoltClientException b ? b.code()
                        : e.getCause() instanceof BoltClientException b ? b.code() : "N/A");
            }
        }).thenCompose(connection -> runOn(connection, query, parameters, tx, observation));
    }

    private CompletionStage<ResultCursor> runOn(ClientConnection connection, String query,
            Map<String, Object> parameters, TransactionConfig tx, ClientListener.RequestObservation observation) {
        BoltClientException refused = unsupported(connection);
        if (refused != null) {
            observation.failed(refused.code());
            client.release(connection, null, database());
            return CompletableFuture.failedFuture(refused);
        }
        List<String> sent = workBookmarks();
        telemetry(connection, TELEMETRY_AUTO_COMMIT, null);
        ResultCursor cursor = new ResultCursor(connection, query, parameters, fetchSize(), (c, summary, error) -> {
            if (summary != null && summary.bookmark() != null) {
                newBookmark(sent, summary.bookmark());
            }
            if (error != null) {
                observation.failed(error.code());
            } else {
                observation.succeeded();
            }
            if (openResult == c) {
                openResult = null;
            }
            client.release(connection, error, database());
        });
        openResult = cursor;
        connection.send(new RunMessage(query, parameters, extra(tx, config.readOnly(), sent)), cursor.runHandler(),
                new PullMessage(fetchSize(), PullMessage.LAST_QUERY), cursor.pullHandler());
        return cursor.started();
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

    /** Starts an explicit transaction in the session's access mode; completes once the server accepted BEGIN. */
    public CompletionStage<BoltTransaction> beginTransaction(TransactionConfig tx) {
        return begin(tx, !config.readOnly(), TELEMETRY_UNMANAGED_TX, null);
    }

    /**
     * BEGIN, after TELEMETRY {@code api} when the server asks for it and {@code telemetrySent} (shared by
     * the attempts of one managed transaction) says it was not yet acknowledged.
     */
    CompletionStage<BoltTransaction> begin(TransactionConfig tx, boolean write, int api,
            java.util.concurrent.atomic.AtomicBoolean telemetrySent) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError());
        }
        return acquire(write).thenCompose(connection -> {
            BoltClientException refused = unsupported(connection);
            if (refused != null) {
                client.release(connection, null, database());
                return CompletableFuture.failedFuture(refused);
            }
            List<String> sent = workBookmarks();
            telemetry(connection, api, telemetrySent);
            CompletableFuture<BoltTransaction> begun = new CompletableFuture<>();
            BoltTransaction[] holder = new BoltTransaction[1];
            holder[0] = new BoltTransaction(connection, fetchSize(), bookmark -> {
                if (bookmark != null) {
                    newBookmark(sent, bookmark);
                }
            }, () -> {
                if (openTransaction == holder[0]) {
                    openTransaction = null;
                }
                client.release(connection, holder[0].failure(), database());
            }, client.config().listener());
            openTransaction = holder[0];
            connection.send(new BeginMessage(extra(tx, !write, sent)), new ResponseHandler() {
                @Override
                public void onSuccess(Map<String, Object> metadata) {
                    begun.complete(holder[0]);
                }

                @Override
                public void onFailure(BoltClientException error) {
                    if (openTransaction == holder[0]) {
                        openTransaction = null;
                    }
                    client.release(connection, error, database());
                    begun.completeExceptionally(error);
                }
            });
            return begun;
        });
    }

    /** Runs {@code work} in a read transaction, retried on transient errors; see {@link #executeWrite}. */
    public <T> CompletionStage<T> executeRead(Function<BoltTransaction, CompletionStage<T>> work) {
        return executeRead(work, TransactionConfig.DEFAULT);
    }

    /** {@link #executeRead(Function)} with a timeout and metadata for each attempt's transaction. */
    public <T> CompletionStage<T> executeRead(Function<BoltTransaction, CompletionStage<T>> work, TransactionConfig tx) {
        return executeManaged(work, tx, false);
    }

    /**
     * Runs {@code work} in a write transaction (whatever the session's default access mode) and commits it;
     * on a retryable error (transient, service unavailable, session expired) the transaction is rolled back
     * and the work run again, with exponential back-off and jitter, until the client's
     * {@code maxRetryTime} has passed.
     */
    public <T> CompletionStage<T> executeWrite(Function<BoltTransaction, CompletionStage<T>> work) {
        return executeWrite(work, TransactionConfig.DEFAULT);
    }

    /** {@link #executeWrite(Function)} with a timeout and metadata for each attempt's transaction. */
    public <T> CompletionStage<T> executeWrite(Function<BoltTransaction, CompletionStage<T>> work, TransactionConfig tx) {
        return executeManaged(work, tx, true);
    }

    private <T> CompletionStage<T> executeManaged(Function<BoltTransaction, CompletionStage<T>> work,
            TransactionConfig config, boolean write) {
        return executeManaged(work, config, write, TELEMETRY_TX_FUNCTION);
    }

    /** A managed transaction; {@code api} is what TELEMETRY reports (transaction function or executeQuery). */
    <T> CompletionStage<T> executeManaged(Function<BoltTransaction, CompletionStage<T>> work,
            TransactionConfig config, boolean write, int api) {
        java.util.concurrent.atomic.AtomicBoolean telemetrySent = new java.util.concurrent.atomic.AtomicBoolean();
        return client.retry(() -> begin(config, write, api, telemetrySent).thenCompose(tx -> {
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
                if (!tx.isOpen()) { // the work committed or rolled back itself
                    return CompletableFuture.completedFuture(value);
                }
                return tx.commit().thenApply(bookmark -> value);
            }).thenCompose(Function.identity());
        }));
    }

    /**
     * Ends the session: discards what an open result still holds, rolls back an open transaction, and gives
     * the connection back. Further work on the session fails.
     */
    public CompletionStage<Void> closeAsync() {
        closed = true;
        ResultCursor result = openResult;
        BoltTransaction tx = openTransaction;
        CompletionStage<?> ending = CompletableFuture.completedFuture(null);
        if (result != null) {
            ending = result.consumeAsync().handle((s, e) -> null);
        }
        if (tx != null) {
            ending = ending.thenCompose(v -> tx.rollback().handle((r, e) -> null));
        }
        return ending.thenApply(v -> null);
    }

    /** {@link #closeAsync()}, waiting for it. */
    @Override
    public void close() {
        closeAsync().toCompletableFuture().join();
    }

    private CompletionStage<ClientConnection> acquire(boolean write) {
        SessionConfig target = config.database() == null && resolvedDatabase != null
                ? config.withDatabase(resolvedDatabase) : config;
        return client.acquire(target, write, this::workBookmarks, db -> resolvedDatabase = db);
    }

    /** The bookmarks a unit of work starts from: the session's own and its bookmark manager's. */
    private List<String> workBookmarks() {
        BookmarkManager manager = config.bookmarkManager();
        if (manager == null) {
            return bookmarks;
        }
        java.util.Set<String> all = new java.util.LinkedHashSet<>(bookmarks);
        all.addAll(manager.bookmarks());
        return List.copyOf(all);
    }

    /** A unit of work that started from {@code sent} produced {@code bookmark}. */
    private void newBookmark(List<String> sent, String bookmark) {
        bookmarks = List.of(bookmark);
        BookmarkManager manager = config.bookmarkManager();
        if (manager != null) {
            manager.updateBookmarks(java.util.Set.copyOf(sent), java.util.Set.of(bookmark));
        }
    }

    /**
     * Queues TELEMETRY {@code api} ahead of the unit of work's first request when the server asked for it;
     * {@code sent}, when given, remembers an acknowledged one so that retries do not repeat it.
     */
    private void telemetry(ClientConnection connection, int api, java.util.concurrent.atomic.AtomicBoolean sent) {
        if (!connection.telemetryEnabled() || client.config().telemetryDisabled() || (sent != null && sent.get())) {
            return;
        }
        connection.write(new io.asyncbolt.protocol.message.TelemetryMessage(api), new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
                if (sent != null) {
                    sent.set(true);
                }
            }

            @Override
            public void onFailure(BoltClientException error) {
                // the request behind it is ignored and fails with this error
            }
        });
    }

    /** What this session asks for that the connection's Bolt version cannot do, refused before sending. */
    private BoltClientException unsupported(ClientConnection connection) {
        NotificationConfig notifications = config.notificationConfig();
        if (notifications != null && !notifications.isDefault()
                && !connection.version().isAtLeast(io.asyncbolt.protocol.BoltVersion.V5_2)) {
            return new BoltClientException.ClientError("N/A", "Notification filters need Bolt 5.2 or later; the "
                    + "server speaks " + connection.version(), null);
        }
        return null;
    }

    private static BoltClientException closedError() {
        return new BoltClientException.ClientError("N/A", "The session is closed", null);
    }

    private long fetchSize() {
        return config.fetchSize() != 0 ? config.fetchSize() : client.config().fetchSize();
    }

    private Map<String, Object> extra(TransactionConfig tx, boolean read, List<String> bookmarks) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (!bookmarks.isEmpty()) {
            extra.put(TransactionOptions.BOOKMARKS, bookmarks);
        }
        if (tx.timeout() != null) {
            long millis = tx.timeout().toMillis();
            if (!tx.timeout().minusMillis(millis).isZero()) {
                millis++; // a fraction of a millisecond would otherwise become "no timeout"
            }
            extra.put(TransactionOptions.TX_TIMEOUT, millis);
        }
        if (!tx.metadata().isEmpty()) {
            extra.put(TransactionOptions.TX_METADATA, tx.metadata());
        }
        if (read) {
            extra.put(TransactionOptions.MODE, "r");
        }
        String database = database();
        if (database != null) {
            extra.put(TransactionOptions.DATABASE, database);
        }
        if (config.impersonatedUser() != null) {
            extra.put(TransactionOptions.IMPERSONATED_USER, config.impersonatedUser());
        }
        if (config.notificationConfig() != null) {
            config.notificationConfig().writeTo(extra);
        }
        return OwnedMaps.readOnly(extra);
    }
}
