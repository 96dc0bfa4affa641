package io.asyncbolt.server;

import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.OwnedMaps;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.server.BoltStateMachine.Action;
import io.asyncbolt.server.BoltStateMachine.State;
import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The results a connection has open: RUN runs the query (the built-in {@link SystemQueries} first, then
 * the {@link QueryHandler}) and opens its result, PULL and DISCARD stream it, and its end is answered
 * with the summary. One auto-commit result, or any number in the open transaction, known by {@code qid}.
 * Used on the event loop only.
 */
final class OpenResults implements ResultStream.Listener {

    private final BoltServer server;
    private final ServerConfig config;
    private final String connectionId;
    private final Channel channel;
    private final SessionState session;
    private final ResponseWriter out;
    private final RequestQueue requests;
    private final FailureHandling failures;
    private final Map<Long, ResultStream> txResults = new LinkedHashMap<>();
    private ResultStream autoCommit;
    private RequestContext autoCommitContext;
    private RequestContext txContext;
    private long nextQid;
    private long lastResultQid = -1;
    private long runStartNanos;

    OpenResults(BoltServer server, ServerConfig config, String connectionId, Channel channel, SessionState session,
            ResponseWriter out, RequestQueue requests, FailureHandling failures) {
        this.server = server;
        this.config = config;
        this.connectionId = connectionId;
        this.channel = channel;
        this.session = session;
        this.out = out;
        this.requests = requests;
        this.failures = failures;
    }

    /** Runs {@code run} as an auto-commit query ({@code tx} null) or in {@code tx}. */
    void run(RunMessage run, RequestContext context, Transaction tx) {
        Query query = new Query(run.query(), run.parameters(), context, tx);
        runStartNanos = System.nanoTime();
        ServerListener.RequestObservation observation = config.listener().queryStarted(query);
        HandlerCall call = requests.call(run, blocks(query), () -> execute(query, observation), (result, error) -> {
            if (error != null) {
                FailureMessage failure = Failures.toFailure(error, connectionId);
                observation.failed(failure.code(), error instanceof CompletionException
                        && error.getCause() != null ? error.getCause() : error);
                failures.fail(failure);
                return;
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("fields", result.fields());
            metadata.put("t_first", elapsedMillis());
            long qid = -1;
            if (tx != null) {
                qid = nextQid++;
                metadata.put("qid", qid);
            }
            ResultStream stream = new ResultStream(channel, result, qid, this);
            stream.observe(observation);
            if (result.records() instanceof IteratorPublisher iterator) {
                iterator.executor(config.executor());
            }
            if (tx != null) {
                txResults.put(qid, stream);
                txContext = context;
                lastResultQid = qid;
                session.succeeded(Action.RUN_IN_TX);
            } else {
                autoCommit = stream;
                autoCommitContext = context;
                session.succeeded(Action.RUN);
            }
            result.records().subscribe(stream);
            out.send(new SuccessMessage(OwnedMaps.readOnly(metadata)));
        });
        if (requests.running(call)) {
            call.onCancel(observation::cancelled);
        }
    }

    /** Whether the query's handler may block; a failing answer counts as blocking. */
    private boolean blocks(Query query) {
        try {
            return config.queryHandler().blocks(query);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private CompletionStage<QueryResult> execute(Query query, ServerListener.RequestObservation observation)
            throws Exception {
        QueryResult builtIn = config.systemQueries().answer(query);
        if (builtIn != null) {
            observation.handler("built-in");
            return CompletableFuture.completedFuture(builtIn);
        }
        CompletionStage<QueryResult> stage;
        ServerListener.RequestObservation previous = ServerListener.CURRENT.get();
        ServerListener.CURRENT.set(observation);
        try {
            stage = config.queryHandler().run(query);
        } finally {
            ServerListener.CURRENT.set(previous);
        }
        if (stage == null) {
            throw new IllegalStateException("QueryHandler returned null for: " + query.statement());
        }
        return stage;
    }

    /** PULL or DISCARD of the auto-commit result. */
    void streamAutoCommit(Request request) {
        stream(request, autoCommit);
    }

    /** PULL or DISCARD of a result of the open transaction, by {@code qid} ({@code -1}: the last one). */
    void streamInTransaction(Request request) {
        long qid = request instanceof PullMessage pull ? pull.qid() : ((DiscardMessage) request).qid();
        stream(request, txResults.get(qid == PullMessage.LAST_QUERY ? lastResultQid : qid));
    }

    private void stream(Request request, ResultStream stream) {
        if (stream == null) {
            failures.fail(FailureMessage.of(StatusCodes.REQUEST_INVALID, "No open result to " + BoltStateMachine.Message.of(request)
                    + (request instanceof PullMessage pull ? " for qid " + pull.qid() : "")));
            return;
        }
        requests.streaming(request, stream);
        if (request instanceof DiscardMessage discard) {
            stream.discard(discard.n());
        } else {
            stream.pull(((PullMessage) request).n());
        }
    }

    @Override
    public void suspended(ResultStream stream) {
        requests.streamEnded(stream, () -> out.send(new SuccessMessage(Map.of("has_more", true))));
    }

    @Override
    public void completed(ResultStream stream) {
        requests.streamEnded(stream, () -> {
            ResultSummary summary;
            try {
                summary = stream.result().summary().get();
            } catch (RuntimeException e) {
                close(stream);
                FailureMessage failure = Failures.toFailure(e, connectionId);
                stream.ended(failure.code(), e);
                failures.fail(failure);
                return;
            }
            stream.ended(null);
            out.send(new SuccessMessage(OwnedMaps.readOnly(summaryMetadata(stream, summary))));
        });
    }

    /** The metadata of the SUCCESS that ends {@code stream}; the result is closed. */
    private Map<String, Object> summaryMetadata(ResultStream stream, ResultSummary summary) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        boolean autoCommitted = stream == autoCommit;
        RequestContext context = autoCommitted ? autoCommitContext : txContext;
        if (autoCommitted) {
            metadata.put("bookmark", summary.bookmark() != null ? summary.bookmark() : server.nextBookmark());
        }
        metadata.put("type", summary.queryType());
        metadata.put("t_last", elapsedMillis());
        metadata.put("db", context.database() != null ? context.database() : config.defaultDatabase());
        if (!summary.counters().isEmpty()) {
            metadata.put("stats", summary.counters());
        }
        if (!summary.notifications().isEmpty()) {
            metadata.put("notifications", summary.notifications());
        }
        if (summary.plan() != null) {
            metadata.put("plan", summary.plan());
        }
        close(stream);
        return metadata;
    }

    @Override
    public void failed(ResultStream stream, Throwable error) {
        requests.streamEnded(stream, () -> {
            close(stream);
            FailureMessage failure = Failures.toFailure(error, connectionId);
            stream.ended(failure.code(), error);
            failures.fail(failure);
        });
    }

    private void close(ResultStream stream) {
        if (stream == autoCommit) {
            autoCommit = null;
            autoCommitContext = null;
            session.resultsEnded(State.STREAMING);
        } else {
            txResults.remove(stream.qid());
            if (txResults.isEmpty()) {
                session.resultsEnded(State.TX_STREAMING);
            }
        }
    }

    /** A transaction began: its queries count from {@code qid} 0. */
    void transactionBegun() {
        nextQid = 0;
        lastResultQid = -1;
    }

    /** Whether the auto-commit result is still open. */
    boolean autoCommitOpen() {
        return autoCommit != null;
    }

    /** Cancels every open result (RESET, the connection's end). */
    void closeAll() {
        if (autoCommit != null) {
            autoCommit.cancel();
            autoCommit = null;
            autoCommitContext = null;
        }
        closeTransactional();
    }

    /** Cancels the open transaction's results (its end). */
    void closeTransactional() {
        for (ResultStream stream : txResults.values()) {
            stream.cancel();
        }
        txResults.clear();
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStartNanos);
    }
}
