package io.asyncbolt.client;

import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.PullMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The records of one query as they arrive. Records are pulled in batches of the fetch size; the next
 * batch is asked for when the buffer runs low, so a slow consumer holds the server back instead of
 * filling memory. All methods may be called from any thread; each returned stage completes on a
 * network thread, so do not block inside its callbacks.
 */
public final class ResultCursor {

    /** Hears the end of the stream: summary on success, the error otherwise. */
    interface Completion {
        void completed(ResultCursor cursor, ResultSummary summary, BoltClientException error);
    }

    private final ClientConnection connection;
    private final String query;
    private final Map<String, Object> parameters;
    /** Records that arrived, kept or dropped: whether the result had data, for its summary. */
    private long received;
    private final long fetchSize;
    private final Completion completion;
    /** Records not yet taken; null until one has to wait (forEachAsync takes them as they come). */
    private ArrayDeque<Record> buffer;
    /** Readers waiting for a record; null until one has to wait. */
    private ArrayDeque<CompletableFuture<Record>> waiting;
    private final CompletableFuture<ResultSummary> summary = new CompletableFuture<>();
    private final CompletableFuture<ResultCursor> started = new CompletableFuture<>();
    private Record.Keys keys;
    private Map<String, Object> runMetadata = Map.of();
    private long qid = -1;
    private boolean pulling;
    private boolean hasMore;
    private boolean discardRest;
    private boolean collectAll;
    /** The user consumed the result: its records are no longer accessible. */
    private boolean consumed;
    /** The stream has ended (its summary is being or has been completed). */
    private boolean finished;
    /** {@link #forEachAsync}'s action: records go straight to it once the buffered ones were handed over. */
    private Consumer<Record> sink;
    /** The caller of forEachAsync is still handing the buffered records over; new ones wait in the buffer. */
    private boolean sinkDraining;
    private CompletableFuture<ResultSummary> sinkDone;
    /** forEachAsync's stage is completed by {@link #finish}, with the summary or the error. */
    private boolean sinkAwaitsEnd;

    ResultCursor(ClientConnection connection, String query, Map<String, Object> parameters, long fetchSize,
            Completion completion) {
        this.query = query;
        this.parameters = parameters;
        this.connection = connection;
        connection.running(); // the RUN goes out right after
        this.fetchSize = fetchSize;
        this.completion = completion;
    }

    /** The handler for RUN's answer. */
    ResponseHandler runHandler() {
        return new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
                synchronized (ResultCursor.this) {
                    runMetadata = metadata;
                    keys = connection.keys(metadata.get("fields") instanceof List<?> fields ? fields : List.of());
                    if (metadata.get("qid") instanceof Long q) {
                        qid = q;
                    }
                    connection.ran(qid);
                    pulling = true;
                }
                started.complete(ResultCursor.this);
            }

            @Override
            public void onFailure(BoltClientException error) {
                connection.ran(-1);
                // the owner (session or transaction) hears of the failure before the caller does, so a
                // rollback or retry that follows at once sees the transaction failed and the connection back
                finish(null, error);
                started.completeExceptionally(error);
            }
        };
    }

    /** The handler for one PULL (or DISCARD). */
    ResponseHandler pullHandler() {
        return new ResponseHandler() {
            @Override
            public void onRecord(List<Object> values, String invalidValue) {
                CompletableFuture<Record> consumer = null;
                Consumer<Record> action = null;
                Record record;
                synchronized (ResultCursor.this) {
                    received++;
                    if (discardRest) {
                        return;
                    }
                    record = invalidValue == null ? new Record(keys, values) : Record.invalid(keys, invalidValue);
                    if (sink != null && !sinkDraining) {
                        action = sink;
                    } else {
                        consumer = waiting == null ? null : waiting.poll();
                        if (consumer == null) {
                            buffer().add(record);
                        }
                    }
                }
                if (action != null) {
                    deliver(action, record);
                } else if (consumer != null) {
                    deliver(consumer, record);
                }
            }

            @Override
            public void onSuccess(Map<String, Object> metadata) {
                boolean more = Boolean.TRUE.equals(metadata.get("has_more"));
                if (!more) {
                    ResultSummary result;
                    try {
                        long records;
                        synchronized (ResultCursor.this) {
                            records = received;
                        }
                        result = ResultSummary.of(query, parameters, runMetadata, metadata, connection.serverInfo(),
                                records > 0);
                    } catch (IllegalArgumentException e) {
                        finish(null, new BoltClientException.ClientError("N/A", e.getMessage(), null));
                        return;
                    }
                    finish(result, null);
                    return;
                }
                synchronized (ResultCursor.this) {
                    pulling = false;
                    hasMore = true;
                }
                maybePull();
            }

            @Override
            public void onFailure(BoltClientException error) {
                finish(null, error);
            }

            @Override
            public void onIgnored(BoltClientException cause) {
                // RUN failed and already reported; anything else ends the stream with the cause
                if (!summary.isDone()) {
                    finish(null, cause != null ? cause
                            : new BoltClientException.ClientError("N/A", "The query was ignored by the server", null));
                }
            }
        };
    }

    /** Completes once RUN succeeded (the keys are known), or with RUN's error. */
    CompletionStage<ResultCursor> started() {
        return started;
    }

    public List<String> keys() {
        return keys == null ? List.of() : keys.names();
    }

    /**
     * The next record, or null at the end. Fails with the query's error, or when the result was
     * {@linkplain #consumeAsync() consumed}.
     */
    public CompletionStage<Record> nextAsync() {
        CompletableFuture<Record> future;
        synchronized (this) {
            if (consumed) {
                return CompletableFuture.failedFuture(consumedError());
            }
            Record record = pollBuffer();
            if (record != null) {
                future = new CompletableFuture<>();
                deliver(future, record);
            } else if (finished) {
                return summary.thenApply(s -> (Record) null);
            } else {
                future = new CompletableFuture<>();
                if (waiting == null) {
                    waiting = new ArrayDeque<>(1);
                }
                waiting.add(future);
            }
        }
        maybePull();
        return future;
    }

    /**
     * The next record without taking it (the same record again on the next call and from
     * {@link #nextAsync()}), or null at the end.
     */
    public CompletionStage<Record> peekAsync() {
        synchronized (this) {
            if (consumed) {
                return CompletableFuture.failedFuture(consumedError());
            }
            Record record = buffer == null ? null : buffer.peek();
            if (record != null) {
                CompletableFuture<Record> future = new CompletableFuture<>();
                deliver(future, record);
                return future;
            }
        }
        return nextAsync().thenApply(record -> {
            if (record != null) {
                synchronized (this) {
                    buffer().addFirst(record);
                }
            }
            return record;
        });
    }

    /** Every remaining record; fails if any of them holds a value that could not be read. */
    public CompletionStage<List<Record>> listAsync() {
        synchronized (this) {
            if (consumed) {
                return CompletableFuture.failedFuture(consumedError());
            }
            collectAll = true;
        }
        maybePull();
        return summary.thenApply(s -> {
            synchronized (this) {
                List<Record> all = buffer == null ? new ArrayList<>(0) : new ArrayList<>(buffer);
                buffer = null;
                for (Record record : all) {
                    if (record.invalidValue() != null) {
                        throw invalidError(record);
                    }
                }
                return all;
            }
        });
    }

    /** Exactly one record; fails when there are none or more. */
    public CompletionStage<Record> singleAsync() {
        return listAsync().thenApply(records -> {
            if (records.size() != 1) {
                throw new BoltClientException.ClientError("N/A", "Expected exactly one record but got "
                        + records.size(), null);
            }
            return records.get(0);
        });
    }

    /** Calls {@code action} for each remaining record as it arrives, then gives the summary. */
    public CompletionStage<ResultSummary> forEachAsync(Consumer<Record> action) {
        CompletableFuture<ResultSummary> done = new CompletableFuture<>();
        synchronized (this) {
            if (consumed) {
                return CompletableFuture.failedFuture(consumedError());
            }
            if (sink != null || (waiting != null && !waiting.isEmpty())) {
                // records are already being taken another way: go along with it, one record at a time
                forEachStep(action, done);
                return done;
            }
            sink = action;
            sinkDraining = true;
            sinkDone = done;
        }
        maybePull();
        while (true) { // the buffered records first, in order; those arriving meanwhile join the buffer
            Record next;
            synchronized (this) {
                if (sink != action) {
                    return done; // the action failed
                }
                next = pollBuffer();
                if (next == null) {
                    sinkDraining = false; // from now on records go straight to the action
                    // the stream's end completes the stage; if it has ended already, the summary does
                    sinkAwaitsEnd = !finished;
                    break;
                }
            }
            deliver(action, next);
        }
        maybePull();
        synchronized (this) {
            if (sinkAwaitsEnd || sink != action) {
                return done;
            }
        }
        summary.whenComplete((s, e) -> {
            synchronized (this) {
                if (sink == action) {
                    sink = null;
                }
            }
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(s);
            }
        });
        return done;
    }

    private ArrayDeque<Record> buffer() {
        if (buffer == null) {
            buffer = new ArrayDeque<>(4); // grows with the stream; most results are small
        }
        return buffer;
    }

    private Record pollBuffer() {
        return buffer == null ? null : buffer.poll();
    }

    /** Hands {@code record} to forEachAsync's action; a record that failed to read, or a throwing action, ends it. */
    private void deliver(Consumer<Record> action, Record record) {
        RuntimeException failure = null;
        if (record.invalidValue() != null) {
            failure = invalidError(record);
        } else {
            try {
                action.accept(record);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            CompletableFuture<ResultSummary> done;
            synchronized (this) {
                if (sink != action) {
                    return;
                }
                sink = null; // the rest waits in the buffer, as for a reader that stopped reading
                sinkDraining = false;
                sinkAwaitsEnd = false;
                done = sinkDone;
            }
            done.completeExceptionally(failure);
        }
    }

    private void forEachStep(Consumer<Record> action, CompletableFuture<ResultSummary> done) {
        nextAsync().whenComplete((record, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else if (record == null) {
                summary.whenComplete((s, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else {
                        done.complete(s);
                    }
                });
            } else {
                try {
                    action.accept(record);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                    return;
                }
                forEachStep(action, done);
            }
        });
    }

    /**
     * Drops the remaining records (DISCARD for what the server still holds) and gives the summary, or
     * the query's error. Afterwards the records are no longer accessible.
     */
    public CompletionStage<ResultSummary> consumeAsync() {
        synchronized (this) {
            consumed = true;
            discardRest = true;
            buffer = null;
        }
        maybePull();
        return summary;
    }

    /** Whether {@link #consumeAsync()} was called. */
    public synchronized boolean isConsumed() {
        return consumed;
    }

    /** Ends the stream with {@code error} without another request: its transaction failed elsewhere. */
    void abort(BoltClientException error) {
        synchronized (this) {
            discardRest = true;
        }
        finish(null, error);
    }

    /** True when every record was taken and the stream has ended (successfully or not). */
    synchronized boolean exhausted() {
        return finished && (buffer == null || buffer.isEmpty());
    }

    /** The summary stage, completing when the stream ends. */
    CompletionStage<ResultSummary> summary() {
        return summary;
    }

    /** Asks for the next batch when the buffer runs low, or discards the rest once the user gave up on it. */
    private void maybePull() {
        boolean pull;
        boolean discard;
        synchronized (this) {
            boolean idle = hasMore && !pulling && !finished;
            discard = idle && discardRest;
            pull = idle && !discardRest
                    && (collectAll || (waiting != null && !waiting.isEmpty())
                            || buffer == null || buffer.size() < Math.max(1, fetchSize / 2));
            if (pull || discard) {
                pulling = true;
                hasMore = false;
            }
        }
        if (discard) {
            connection.send(new DiscardMessage(DiscardMessage.ALL, connection.qidFor(qid)), pullHandler());
        } else if (pull) {
            connection.send(new PullMessage(fetchSize, connection.qidFor(qid)), pullHandler());
        }
    }

    private static void deliver(CompletableFuture<Record> consumer, Record record) {
        if (record.invalidValue() != null) {
            consumer.completeExceptionally(invalidError(record));
        } else {
            consumer.complete(record);
        }
    }

    private static BoltClientException invalidError(Record record) {
        return new BoltClientException.ClientError("N/A", record.invalidValue(), null);
    }

    private static BoltClientException consumedError() {
        return new BoltClientException.ResultConsumed();
    }

    private void finish(ResultSummary result, BoltClientException error) {
        ArrayDeque<CompletableFuture<Record>> consumers;
        CompletableFuture<ResultSummary> sinkEnd = null;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true; // under the lock: a consumer arriving from now on waits on the summary instead
            pulling = false;
            hasMore = false;
            consumers = waiting;
            waiting = null;
            if (sinkAwaitsEnd) {
                sinkAwaitsEnd = false;
                sink = null;
                sinkEnd = sinkDone;
            }
        }
        completion.completed(this, result, error);
        if (error != null) {
            summary.completeExceptionally(error);
        } else {
            summary.complete(result);
        }
        if (sinkEnd != null) {
            if (error != null) {
                sinkEnd.completeExceptionally(error);
            } else {
                sinkEnd.complete(result);
            }
        }
        if (consumers != null) {
            for (CompletableFuture<Record> c : consumers) {
                if (error != null) {
                    c.completeExceptionally(error);
                } else {
                    c.complete(null);
                }
            }
        }
    }
}
