package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.ChunkDecoder;
import io.asyncbolt.protocol.ChunkWriter;
import io.asyncbolt.protocol.MessageDecoder;
import io.asyncbolt.protocol.MessageEncoder;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.protocol.message.TelemetryMessage;
import io.asyncbolt.protocol.message.TransactionOptions;
import io.asyncbolt.server.BoltStateMachine.Action;
import io.asyncbolt.server.BoltStateMachine.State;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one Bolt connection after the handshake: carries out what {@link BoltStateMachine}
 * says about each request (Bolt 4.4 to 6.1). Runs on the channel's event loop; handler work goes to the
 * executor and comes back here. Requests are handled one at a time in arrival order (pipelining); RESET
 * interrupts the running request the moment it arrives, and everything queued before it is answered
 * with IGNORED.
 */
final class BoltConnection extends ChannelInboundHandlerAdapter implements ResultStream.Listener {

    private static final Logger log = LoggerFactory.getLogger(BoltConnection.class);

    private final BoltServer server;
    private final ServerConfig config;
    private final BoltVersion version;
    private final BoltStateMachine machine;
    private final String connectionId;
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final Map<Long, ResultStream> txResults = new LinkedHashMap<>();

    private ChannelHandlerContext ctx;
    private BoltProtocol protocol;
    private State state = State.CONNECTED;
    /** The request being worked on (a handler call or a streaming), or null. */
    private HandlerCall current;
    private int pendingResets;
    private Principal principal;
    private String userAgent;
    private ResultStream autoCommit;
    private RequestContext autoCommitContext;
    private Transaction transaction;
    private long nextQid;
    private long lastResultQid = -1;
    private long runStartNanos;
    private long lastWriteNanos = System.nanoTime();
    /** Authentication deadline, keep-alive, the open transaction's {@code tx_timeout}. */
    private ConnectionTimers timers;
    private boolean draining;
    private boolean processing;
    private FailureMessage timedOut;
    /** Between a channelRead and the end of that read. */
    private boolean reading;
    /** The last write before a close asked for during a read; the close follows at the end of the read. */
    private ChannelFuture closeAfterRead;

    BoltConnection(BoltServer server, ServerConfig config, BoltProtocol protocol, String connectionId) {
        this.server = server;
        this.config = config;
        this.protocol = protocol;
        this.version = protocol.version();
        this.machine = new BoltStateMachine(new BoltStateMachine.Features(protocol.authInHello(),
                protocol.supportsTelemetry()));
        this.connectionId = connectionId;
    }

    String connectionId() {
        return connectionId;
    }

    /** Runs {@code task} on this connection's event loop. */
    void channelExecute(Runnable task) {
        ctx.executor().execute(task);
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        timers = new ConnectionTimers(ctx.executor());
        timers.authenticationDeadline(config.authTimeout(), () -> {
            if (principal == null && ctx.channel().isActive()) {
                log.debug("Connection {} did not authenticate within {}; closing", connectionId, config.authTimeout());
                ctx.close();
            }
        });
        timers.keepAlive(config.recvTimeoutHint(), this::keepAlive);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        state = State.DEFUNCT;
        timers.cancelAll();
        if (current != null) {
            current.cancel();
            current = null;
        }
        queue.clear();
        closeResults();
        rollbackQuietly();
        server.connectionClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable() && current != null && current.stream() != null) {
            current.stream().resume();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && current == null && queue.isEmpty()) {
            log.debug("Connection {} idle for {}; closing", connectionId, config.idleTimeout());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable e = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        VirtualMachineError fatal = Failures.fatal(cause);
        if (fatal != null) {
            // out of (direct) memory and the like: never a DEBUG line; this connection goes, the server stays
            log.error("Connection {} closed after {}", connectionId, fatal.toString(), cause);
            state = State.DEFUNCT;
            ctx.close();
        } else if (e instanceof IOException) {
            log.debug("Connection {} failed: {}", connectionId, e.toString());
            ctx.close();
        } else if (state != State.DEFUNCT) {
            log.debug("Connection {} sent a bad message: {}", connectionId, e.toString());
            // a decoder's error comes in a read, maybe before any message of it: the close waits for its end
            boolean inRead = reading;
            reading = true;
            failAndClose(Failures.toFailure(e, connectionId));
            if (!inRead) {
                ctx.executor().execute(this::closeAfterReadNow); // in case no end of a read follows
            }
        } else {
            // e.g. a message too large in the bytes that followed the one that failed the connection
            log.debug("Connection {} (closing) sent more that is not read: {}", connectionId, e.toString());
        }
    }

    /** The server shuts down: close now if idle, else once the running work is done. */
    void drain() {
        draining = true;
        closeIfDrained();
    }

    /** The shutdown timeout passed: answer what still runs with DatabaseUnavailable and close. */
    void terminate() {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (current != null) {
            current.cancel();
            current = null;
        }
        failAndClose(FailureMessage.of(StatusCodes.DATABASE_UNAVAILABLE, "The server is shutting down."));
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        reading = true;
        if (state == State.DEFUNCT) {
            return;
        }
        if (!(msg instanceof Request request)) {
            return;
        }
        if (request instanceof ResetMessage) {
            pendingResets++;
            HandlerCall op = current;
            if (op != null) {
                op.cancel();
                if (op.stream() != null) {
                    // a stream has no completion to wait for once cancelled: answer it now
                    current = null;
                    send(IgnoredMessage.INSTANCE);
                }
            }
        }
        queue.add(request);
        processQueue();
    }

    private void processQueue() {
        if (processing) {
            return;
        }
        processing = true;
        try {
            while (current == null && state != State.DEFUNCT) {
                Request request = queue.poll();
                if (request == null) {
                    break;
                }
                process(request);
            }
        } finally {
            processing = false;
        }
        ctx.flush();
        closeIfDrained();
    }

    /** Carries out what the state machine says about {@code request} in the current state. */
    private void process(Request request) {
        Action action = machine.action(state, BoltStateMachine.Message.of(request), pendingResets > 0,
                timedOut != null);
        switch (action) {
            case GOODBYE -> {
                state = machine.afterSuccess(state, action, false);
                closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
            }
            case RESET -> {
                pendingResets--;
                reset();
            }
            case IGNORE -> send(IgnoredMessage.INSTANCE);
            case TX_TIMED_OUT -> {
                FailureMessage failure = timedOut;
                timedOut = null;
                fail(failure);
            }
            case HELLO -> hello((HelloMessage) request);
            case LOGON -> authenticate(request, ((LogonMessage) request).authToken(), SuccessMessage.EMPTY);
            case LOGOFF -> logoff();
            case RUN -> run((RunMessage) request, null);
            case RUN_IN_TX -> run((RunMessage) request, transaction);
            case BEGIN -> begin((BeginMessage) request);
            case ROUTE -> route((RouteMessage) request);
            case TELEMETRY -> send(SuccessMessage.EMPTY);
            case PULL -> stream(request, autoCommit, ((PullMessage) request).n(), false);
            case DISCARD -> stream(request, autoCommit, ((DiscardMessage) request).n(), true);
            case PULL_IN_TX -> {
                PullMessage pull = (PullMessage) request;
                stream(request, txResult(pull.qid()), pull.n(), false);
            }
            case DISCARD_IN_TX -> {
                DiscardMessage discard = (DiscardMessage) request;
                stream(request, txResult(discard.qid()), discard.n(), true);
            }
            case COMMIT -> commit();
            case ROLLBACK -> rollback();
            case INVALID -> failAndClose(FailureMessage.of(StatusCodes.REQUEST_INVALID, "Message '" + name(request)
                    + "' cannot be handled by a session in the " + state + " state."));
        }
    }

    // ---------------------------------------------------------------- requests

    private void hello(HelloMessage hello) {
        userAgent = hello.userAgent();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("server", config.agent());
        metadata.put("connection_id", connectionId);
        Map<String, Object> hints = new LinkedHashMap<>();
        if (!config.recvTimeoutHint().isZero()) {
            hints.put("connection.recv_timeout_seconds", Math.max(1, config.recvTimeoutHint().toSeconds()));
        }
        if (protocol.supportsTelemetry()) {
            hints.put("telemetry.enabled", config.telemetryEnabled());
        }
        metadata.put("hints", hints);
        boolean utc = protocol.supportsUtcPatch() && hello.patchBolt().contains("utc");
        if (utc) {
            metadata.put("patch_bolt", List.of("utc"));
        }
        SuccessMessage success = new SuccessMessage(metadata);
        if (protocol.authInHello()) {
            authenticate(hello, hello.authToken() == null ? Map.of() : hello.authToken(), success);
        } else {
            send(success);
            state = machine.afterSuccess(state, Action.HELLO, false);
        }
        if (utc) {
            protocol = protocol.withUtcPatch();
            ctx.pipeline().get(MessageEncoder.class).protocol(protocol);
            ctx.pipeline().get(MessageDecoder.class).protocol(protocol);
        }
    }

    private void authenticate(Request request, Map<String, Object> token, SuccessMessage success) {
        AuthToken authToken = AuthToken.of(token);
        async(request, () -> CompletableFuture.completedFuture(config.authenticator().authenticate(authToken)),
                (user, error) -> {
                    if (error instanceof java.util.concurrent.RejectedExecutionException) {
                        // the handler pool is full: a transient "busy", not wrong credentials (drivers retry it)
                        failAndClose(Failures.toFailure(error, connectionId));
                        return;
                    }
                    if (error != null || user == null) {
                        String reason = error instanceof BoltException b && b.code().startsWith("Neo.ClientError.Security.")
                                ? b.getMessage() : "The client is unauthorized due to authentication failure.";
                        log.debug("Connection {} failed to authenticate as {}: {}", connectionId, authToken.principal(),
                                error == null ? "no principal" : error.toString());
                        config.listener().connectionRejected("authentication");
                        failAndClose(FailureMessage.of(StatusCodes.UNAUTHORIZED, reason));
                        return;
                    }
                    principal = user;
                    timers.authenticated();
                    messageLimit(config.maxMessageSize());
                    state = machine.afterSuccess(state, request instanceof HelloMessage ? Action.HELLO : Action.LOGON,
                            false);
                    send(success);
                });
    }

    private void logoff() {
        principal = null;
        messageLimit(config.maxMessageSizeBeforeAuth());
        state = machine.afterSuccess(state, Action.LOGOFF, false);
        send(SuccessMessage.EMPTY);
    }

    /** The largest message the client may send now, on every transport (chunks, and WebSocket messages). */
    private void messageLimit(int bytes) {
        ChunkDecoder chunks = ctx.pipeline().get(ChunkDecoder.class);
        if (chunks != null) {
            chunks.setMaxMessageSize(bytes);
        }
        WebSocketMessageLimit webSocket = ctx.pipeline().get(WebSocketMessageLimit.class);
        if (webSocket != null) {
            webSocket.limit(bytes);
        }
    }

    private void run(RunMessage run, Transaction tx) {
        if (draining) {
            fail(FailureMessage.of(StatusCodes.DATABASE_UNAVAILABLE, "The server is shutting down."));
            return;
        }
        RequestContext context = tx != null ? tx.context() : context(run);
        Query query = new Query(run.query(), run.parameters(), context, tx);
        runStartNanos = System.nanoTime();
        ServerListener.RequestObservation observation = config.listener().queryStarted(query);
        async(run, () -> execute(query, observation), (result, error) -> {
            if (error != null) {
                FailureMessage failure = Failures.toFailure(error, connectionId);
                observation.failed(failure.code(), error instanceof java.util.concurrent.CompletionException
                        && error.getCause() != null ? error.getCause() : error);
                fail(failure);
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
            ResultStream stream = new ResultStream(ctx.channel(), result, qid, this);
            stream.observe(observation);
            if (result.records() instanceof IteratorPublisher iterator) {
                iterator.executor(config.executor());
            }
            if (tx != null) {
                txResults.put(qid, stream);
                lastResultQid = qid;
                state = machine.afterSuccess(state, Action.RUN_IN_TX, false);
            } else {
                autoCommit = stream;
                autoCommitContext = context;
                state = machine.afterSuccess(state, Action.RUN, false);
            }
            result.records().subscribe(stream);
            send(new SuccessMessage(metadata));
        });
        if (current != null && current.request == run) {
            current.onCancel(observation::cancelled);
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

    private ResultStream txResult(long qid) {
        return txResults.get(qid == PullMessage.LAST_QUERY ? lastResultQid : qid);
    }

    private void stream(Request request, ResultStream stream, long n, boolean discard) {
        if (stream == null) {
            fail(FailureMessage.of(StatusCodes.REQUEST_INVALID, "No open result to " + name(request)
                    + (request instanceof PullMessage pull ? " for qid " + pull.qid() : "")));
            return;
        }
        current = HandlerCall.streaming(request, stream);
        if (discard) {
            stream.discard(n);
        } else {
            stream.pull(n);
        }
    }

    @Override
    public void suspended(ResultStream stream) {
        finishStream(stream, () -> send(new SuccessMessage(Map.of("has_more", true))));
    }

    @Override
    public void completed(ResultStream stream) {
        finishStream(stream, () -> {
            ResultSummary summary;
            try {
                summary = stream.result().summary().get();
            } catch (RuntimeException e) {
                closeResult(stream);
                FailureMessage failure = Failures.toFailure(e, connectionId);
                stream.ended(failure.code(), e);
                fail(failure);
                return;
            }
            stream.ended(null);
            Map<String, Object> metadata = new LinkedHashMap<>();
            boolean autoCommitted = stream == autoCommit;
            RequestContext context = autoCommitted ? autoCommitContext : transaction.context();
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
            closeResult(stream);
            send(new SuccessMessage(metadata));
        });
    }

    @Override
    public void failed(ResultStream stream, Throwable error) {
        finishStream(stream, () -> {
            closeResult(stream);
            FailureMessage failure = Failures.toFailure(error, connectionId);
            stream.ended(failure.code(), error);
            fail(failure);
        });
    }

    private void finishStream(ResultStream stream, Runnable action) {
        HandlerCall op = current;
        if (op == null || op.stream() != stream) {
            return;
        }
        current = null;
        if (op.cancelled()) {
            send(IgnoredMessage.INSTANCE);
        } else {
            action.run();
        }
        processQueue();
    }

    private void closeResult(ResultStream stream) {
        if (stream == autoCommit) {
            autoCommit = null;
            autoCommitContext = null;
            if (state == State.STREAMING) {
                state = BoltStateMachine.afterResultsEnded(state);
            }
        } else {
            txResults.remove(stream.qid());
            if (txResults.isEmpty() && state == State.TX_STREAMING) {
                state = BoltStateMachine.afterResultsEnded(state);
            }
        }
    }

    private void begin(BeginMessage begin) {
        if (draining) {
            fail(FailureMessage.of(StatusCodes.DATABASE_UNAVAILABLE, "The server is shutting down."));
            return;
        }
        Transaction tx = new Transaction(server.nextTransactionId(), context(begin));
        async(begin, () -> config.transactionHandler().begin(tx), (ignored, error) -> {
            if (error != null) {
                fail(Failures.toFailure(error, connectionId));
                return;
            }
            transaction = tx;
            nextQid = 0;
            lastResultQid = -1;
            state = machine.afterSuccess(state, Action.BEGIN, false);
            send(SuccessMessage.EMPTY);
            Duration timeout = tx.context().txTimeout();
            timers.transactionTimeout(timeout, () -> transactionTimedOut(tx, timeout));
        });
        // cancelled while it ran (RESET, the peer's end): what the handler began is rolled back, after it
        current.onCancel(() -> {
            transaction = tx;
            rollbackQuietly();
        });
    }

    private void commit() {
        Transaction tx = transaction;
        timers.transactionEnded();
        closeTxResults();
        transaction = null;
        async(CommitMessage.INSTANCE, () -> config.transactionHandler().commit(tx), (bookmark, error) -> {
            if (error != null) {
                fail(Failures.toFailure(error, connectionId));
                return;
            }
            state = machine.afterSuccess(state, Action.COMMIT, false);
            send(new SuccessMessage(Map.of("bookmark", bookmark != null ? bookmark : server.nextBookmark())));
        });
    }

    private void rollback() {
        Transaction tx = transaction;
        timers.transactionEnded();
        closeTxResults();
        transaction = null;
        if (tx == null) {
            // already rolled back, e.g. by its timeout
            timedOut = null;
            state = machine.afterSuccess(state, Action.ROLLBACK, false);
            send(SuccessMessage.EMPTY);
            return;
        }
        async(RollbackMessage.INSTANCE, () -> config.transactionHandler().rollback(tx), (ignored, error) -> {
            if (error != null) {
                fail(Failures.toFailure(error, connectionId));
                return;
            }
            state = machine.afterSuccess(state, Action.ROLLBACK, false);
            send(SuccessMessage.EMPTY);
        });
    }

    /** The client's {@code tx_timeout} passed: roll back, and fail what runs now or comes next in it. */
    private void transactionTimedOut(Transaction tx, Duration timeout) {
        if (transaction != tx || state == State.DEFUNCT) {
            return;
        }
        log.debug("Transaction {} on connection {} timed out after {}", tx.id(), connectionId, timeout);
        FailureMessage failure = FailureMessage.of(StatusCodes.TRANSACTION_TIMED_OUT, "The transaction has been terminated."
                + " Retry your operation in a new transaction, and you should see a successful result. The transaction"
                + " has not completed within the timeout specified at its start by the client (" + timeout.toMillis()
                + " ms).");
        closeTxResults();
        rollbackQuietly();
        HandlerCall op = current;
        if (op != null) {
            op.cancel();
            current = null;
            fail(failure);
            processQueue();
        } else {
            timedOut = failure;
        }
    }

    private void route(RouteMessage route) {
        RequestContext context = new RequestContext(connectionId, version, principal, userAgent, route.database(),
                AccessMode.READ, route.bookmarks(), Map.of(), null, route.impersonatedUser());
        // the provider is embedder code and may block (ask a cluster, a registry): it runs on the executor
        async(route, () -> CompletableFuture.completedFuture(
                config.routing().route(route.database(), route.routing(), context)), (table, error) -> {
                    if (error != null || table == null) {
                        fail(Failures.toFailure(error != null ? error
                                : new IllegalStateException("RoutingTableProvider returned null"), connectionId));
                        return;
                    }
                    List<Map<String, Object>> servers = new ArrayList<>();
                    servers.add(Map.of("addresses", table.routers(), "role", "ROUTE"));
                    servers.add(Map.of("addresses", table.readers(), "role", "READ"));
                    servers.add(Map.of("addresses", table.writers(), "role", "WRITE"));
                    Map<String, Object> rt = new LinkedHashMap<>();
                    rt.put("ttl", Math.max(1, table.ttl().toSeconds()));
                    rt.put("db", route.database() != null ? route.database() : config.defaultDatabase());
                    rt.put("servers", servers);
                    send(new SuccessMessage(Map.of("rt", rt)));
                });
    }

    private void reset() {
        timedOut = null;
        closeResults();
        rollbackQuietly();
        // nothing to reset before authentication: the state stays there
        state = machine.afterSuccess(state, Action.RESET, pendingResets > 0);
        send(SuccessMessage.EMPTY);
    }

    // ---------------------------------------------------------------- helpers

    /** Runs {@code work} on the executor; {@code done} runs back on the event loop unless a RESET came first. */
    private <T> void async(Request request, HandlerCall.Work<T> work, BiConsumer<T, Throwable> done) {
        HandlerCall[] self = new HandlerCall[1];
        self[0] = HandlerCall.start(request, config.executor(), ctx.executor(), work, (value, error) -> {
            HandlerCall op = self[0];
            if (current != op) {
                HandlerCall.release(value);
                return;
            }
            current = null;
            if (op.cancelled()) {
                HandlerCall.release(value);
                send(IgnoredMessage.INSTANCE);
            } else {
                done.accept(value, error);
            }
            processQueue();
        });
        current = self[0];
    }

    private RequestContext context(TransactionOptions options) {
        return new RequestContext(connectionId, version, principal, userAgent, options.database(),
                options.readOnly() ? AccessMode.READ : AccessMode.WRITE, options.bookmarks(), options.txMetadata(),
                options.txTimeout(), options.impersonatedUser());
    }

    private void send(BoltMessage message) {
        lastWriteNanos = System.nanoTime();
        ctx.write(message, ctx.voidPromise());
    }

    private void fail(FailureMessage failure) {
        state = BoltStateMachine.afterFailure(state);
        send(failure);
    }

    private void failAndClose(FailureMessage failure) {
        state = State.DEFUNCT;
        queue.clear();
        HandlerCall op = current;
        if (op != null) {
            // its answer must not follow the FAILURE (nor bring the connection back to READY)
            current = null;
            op.cancel();
        }
        closeAfter(ctx.writeAndFlush(failure));
    }

    /**
     * Closes the connection once {@code lastWrite} went out. Inside a read, not before the read is over:
     * the decoders in front may still hand on what they decoded (or the error they met) in the same read,
     * and that must reach this connection (which drops it) rather than a pipeline already taken apart.
     */
    private void closeAfter(ChannelFuture lastWrite) {
        if (reading) {
            closeAfterRead = lastWrite;
        } else {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        closeAfterReadNow();
        super.channelReadComplete(ctx);
    }

    private void closeAfterReadNow() {
        reading = false;
        ChannelFuture close = closeAfterRead;
        closeAfterRead = null;
        if (close != null) {
            close.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void closeIfDrained() {
        if (draining && current == null && queue.isEmpty() && transaction == null && autoCommit == null
                && ctx.channel().isActive()) {
            state = State.DEFUNCT;
            closeAfter(ctx.writeAndFlush(Unpooled.EMPTY_BUFFER));
        }
    }

    private void closeResults() {
        if (autoCommit != null) {
            autoCommit.cancel();
            autoCommit = null;
            autoCommitContext = null;
        }
        closeTxResults();
    }

    private void closeTxResults() {
        for (ResultStream stream : txResults.values()) {
            stream.cancel();
        }
        txResults.clear();
    }

    private void rollbackQuietly() {
        Transaction tx = transaction;
        transaction = null;
        timers.transactionEnded();
        if (tx == null) {
            return;
        }
        try {
            config.executor().execute(() -> {
                try {
                    config.transactionHandler().rollback(tx);
                } catch (Exception e) {
                    log.warn("Rollback of transaction {} on connection {} failed", tx.id(), connectionId, e);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not roll back transaction {} on connection {}", tx.id(), connectionId, e);
        }
    }

    private void keepAlive() {
        if (current != null && ctx.channel().isActive()
                && System.nanoTime() - lastWriteNanos > TimeUnit.MILLISECONDS.toNanos(config.recvTimeoutHint().toMillis() / 3)) {
            lastWriteNanos = System.nanoTime();
            ctx.writeAndFlush(ChunkWriter.NOOP.duplicate(), ctx.voidPromise());
        }
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStartNanos);
    }

    private static String name(Request request) {
        String simple = request.getClass().getSimpleName();
        return simple.endsWith("Message") ? simple.substring(0, simple.length() - "Message".length()).toUpperCase()
                : simple;
    }
}
