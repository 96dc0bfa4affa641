package io.asyncbolt.server;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.server.BoltStateMachine.Action;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one Bolt connection after the handshake (Bolt 4.4 to 6.1): the Netty handler that
 * feeds each request to {@link BoltStateMachine} and hands what it says to do to the part in charge.
 * Runs on the channel's event loop; handler work goes to the executor and comes back here.
 *
 * <ul>
 *   <li>{@link RequestQueue}: requests one at a time in arrival order, the running handler call, RESET's interruption;
 *   <li>{@link SessionState}: the state the session is in;
 *   <li>{@link Authentication}: HELLO, LOGON, LOGOFF and the requests' context;
 *   <li>{@link OpenResults}: RUN, PULL, DISCARD and the results' summaries;
 *   <li>{@link OpenTransaction}: BEGIN, COMMIT, ROLLBACK and the transaction's timeout;
 *   <li>{@link RouteAnswer}: ROUTE;
 *   <li>{@link FailureHandling}: FAILURE, IGNORED, RESET and bad input;
 *   <li>{@link ResponseWriter}: writes, flushes, closes; {@link ConnectionTimers}: its timers.
 * </ul>
 */
final class BoltConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(BoltConnection.class);
    private static final FailureMessage SHUTTING_DOWN = FailureMessage.of(StatusCodes.DATABASE_UNAVAILABLE,
            "The server is shutting down.");

    private final BoltServer server;
    private final ServerConfig config;
    private final BoltProtocol protocol;
    private final String connectionId;
    private final SessionState session;

    // the parts, put together once the connection is in the pipeline
    private ChannelHandlerContext ctx;
    private ConnectionTimers timers;
    private ResponseWriter out;
    private RequestQueue requests;
    private FailureHandling failures;
    private Authentication authentication;
    private OpenResults results;
    private OpenTransaction transaction;
    private RouteAnswer routing;
    private boolean draining;

    BoltConnection(BoltServer server, ServerConfig config, BoltProtocol protocol, String connectionId) {
        this.server = server;
        this.config = config;
        this.protocol = protocol;
        this.connectionId = connectionId;
        this.session = new SessionState(new BoltStateMachine(new BoltStateMachine.Features(protocol.authInHello(),
                protocol.supportsTelemetry())));
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
        out = new ResponseWriter(ctx);
        requests = new RequestQueue(session, out, config.executor(), ctx.executor(), this::process,
                this::closeIfDrained);
        failures = new FailureHandling(connectionId, session, out, requests, ctx.executor(), () -> {
            results.closeAll();
            transaction.reset();
        });
        authentication = new Authentication(config, connectionId, protocol, ctx.pipeline(), session, out, requests,
                failures, timers);
        results = new OpenResults(server, config, connectionId, ctx.channel(), session, out, requests, failures);
        transaction = new OpenTransaction(server, config, connectionId, session, out, requests, failures, results,
                timers);
        routing = new RouteAnswer(config, out, requests, failures);

        timers.authenticationDeadline(config.authTimeout(), () -> {
            if (!authentication.authenticated() && ctx.channel().isActive()) {
                log.debug("Connection {} did not authenticate within {}; closing", connectionId, config.authTimeout());
                ctx.close();
            }
        });
        long keepAliveQuietNanos = TimeUnit.MILLISECONDS.toNanos(config.recvTimeoutHint().toMillis() / 3);
        timers.keepAlive(config.recvTimeoutHint(), () -> {
            if (requests.busy()) {
                out.keepAlive(keepAliveQuietNanos);
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        session.end();
        timers.cancelAll();
        requests.clear();
        results.closeAll();
        transaction.abandon();
        server.connectionClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        ResultStream streamed = requests.streamed();
        if (ctx.channel().isWritable() && streamed != null) {
            streamed.resume();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && requests.idle()) {
            log.debug("Connection {} idle for {}; closing", connectionId, config.idleTimeout());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures.pipelineFailed(cause);
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
        failures.failAndClose(SHUTTING_DOWN);
    }

    private void closeIfDrained() {
        if (draining && requests.idle() && transaction.current() == null && !results.autoCommitOpen()
                && ctx.channel().isActive()) {
            session.end();
            out.close();
        }
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        out.reading();
        if (!session.defunct() && msg instanceof Request request) {
            requests.arrived(request);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        out.readComplete();
        super.channelReadComplete(ctx);
    }

    /** Carries out what the state machine says about {@code request} in the current state. */
    private void process(Request request) {
        Action action = session.action(request, requests.resetPending(), transaction.timedOut());
        switch (action) {
            case GOODBYE -> {
                session.succeeded(action);
                out.close();
            }
            case RESET -> failures.reset();
            case IGNORE -> failures.ignore();
            case TX_TIMED_OUT -> transaction.reportTimeout();
            case HELLO -> authentication.hello((HelloMessage) request);
            case LOGON -> authentication.logon((LogonMessage) request);
            case LOGOFF -> authentication.logoff();
            case RUN, RUN_IN_TX -> {
                if (refusedWhileDraining()) {
                    return;
                }
                RunMessage run = (RunMessage) request;
                Transaction tx = action == Action.RUN_IN_TX ? transaction.current() : null;
                results.run(run, tx != null ? tx.context() : authentication.context(run), tx);
            }
            case BEGIN -> {
                if (!refusedWhileDraining()) {
                    BeginMessage begin = (BeginMessage) request;
                    transaction.begin(begin, authentication.context(begin));
                }
            }
            case ROUTE -> routing.route((RouteMessage) request, authentication.context((RouteMessage) request));
            case TELEMETRY -> out.send(SuccessMessage.EMPTY);
            case PULL, DISCARD -> results.streamAutoCommit(request);
            case PULL_IN_TX, DISCARD_IN_TX -> results.streamInTransaction(request);
            case COMMIT -> transaction.commit();
            case ROLLBACK -> transaction.rollback();
            case INVALID -> failures.failAndClose(FailureMessage.of(StatusCodes.REQUEST_INVALID, "Message '"
                    + BoltStateMachine.Message.of(request) + "' cannot be handled by a session in the "
                    + session.current() + " state."));
        }
    }

    /** While the server shuts down, new work (RUN, BEGIN) fails with DatabaseUnavailable. */
    private boolean refusedWhileDraining() {
        if (draining) {
            failures.fail(SHUTTING_DOWN);
        }
        return draining;
    }
}
