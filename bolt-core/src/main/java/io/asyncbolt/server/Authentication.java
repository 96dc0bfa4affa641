package io.asyncbolt.server;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.internal.protocol.MessageEncoder;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.protocol.message.TransactionOptions;
import io.asyncbolt.server.BoltStateMachine.Action;
import io.netty.channel.ChannelPipeline;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is on the other end of a connection: HELLO (the greeting, the {@code utc} patch, and before Bolt
 * 5.1 the credentials), LOGON and LOGOFF, with the smaller message limit while nobody is authenticated;
 * and the {@link RequestContext} each request carries. Used on the event loop only.
 */
final class Authentication {

    private static final Logger log = LoggerFactory.getLogger(Authentication.class);

    private final ServerConfig config;
    private final String connectionId;
    private final ChannelPipeline pipeline;
    private final SessionState session;
    private final ResponseWriter out;
    private final RequestQueue requests;
    private final FailureHandling failures;
    private final ConnectionTimers timers;
    private BoltProtocol protocol;
    private Principal principal;
    private String userAgent;

    Authentication(ServerConfig config, String connectionId, BoltProtocol protocol, ChannelPipeline pipeline,
            SessionState session, ResponseWriter out, RequestQueue requests, FailureHandling failures,
            ConnectionTimers timers) {
        this.config = config;
        this.connectionId = connectionId;
        this.protocol = protocol;
        this.pipeline = pipeline;
        this.session = session;
        this.out = out;
        this.requests = requests;
        this.failures = failures;
        this.timers = timers;
    }

    boolean authenticated() {
        return principal != null;
    }

    void hello(HelloMessage hello) {
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
            out.send(success);
            session.succeeded(Action.HELLO);
        }
        if (utc) {
            protocol = protocol.withUtcPatch();
            pipeline.get(MessageEncoder.class).protocol(protocol);
            pipeline.get(MessageDecoder.class).protocol(protocol);
        }
    }

    void logon(LogonMessage logon) {
        authenticate(logon, logon.authToken(), SuccessMessage.EMPTY);
    }

    void logoff() {
        principal = null;
        messageLimit(config.maxMessageSizeBeforeAuth());
        session.succeeded(Action.LOGOFF);
        out.send(SuccessMessage.EMPTY);
    }

    /** The context of a RUN, or of a BEGIN and the queries of its transaction. */
    RequestContext context(TransactionOptions options) {
        return new RequestContext(connectionId, protocol.version(), principal, userAgent, options.database(),
                options.readOnly() ? AccessMode.READ : AccessMode.WRITE, options.bookmarks(), options.txMetadata(),
                options.txTimeout(), options.impersonatedUser());
    }

    /** The context of a ROUTE. */
    RequestContext context(RouteMessage route) {
        return new RequestContext(connectionId, protocol.version(), principal, userAgent, route.database(),
                AccessMode.READ, route.bookmarks(), Map.of(), null, route.impersonatedUser());
    }

    BoltVersion version() {
        return protocol.version();
    }

    private void authenticate(Request request, Map<String, Object> token, SuccessMessage success) {
        AuthToken authToken = AuthToken.of(token);
        requests.call(request, () -> CompletableFuture.completedFuture(config.authenticator().authenticate(authToken)),
                (user, error) -> {
                    if (error instanceof RejectedExecutionException) {
                        // the handler pool is full: a transient "busy", not wrong credentials (drivers retry it)
                        failures.failAndClose(Failures.toFailure(error, connectionId));
                        return;
                    }
                    if (error != null || user == null) {
                        String reason = error instanceof BoltException b && b.code().startsWith("Neo.ClientError.Security.")
                                ? b.getMessage() : "The client is unauthorized due to authentication failure.";
                        log.debug("Connection {} failed to authenticate as {}: {}", connectionId, authToken.principal(),
                                error == null ? "no principal" : error.toString());
                        config.listener().connectionRejected("authentication");
                        failures.failAndClose(FailureMessage.of(StatusCodes.UNAUTHORIZED, reason));
                        return;
                    }
                    principal = user;
                    timers.authenticated();
                    messageLimit(config.maxMessageSize());
                    session.succeeded(request instanceof HelloMessage ? Action.HELLO : Action.LOGON);
                    out.send(success);
                });
    }

    /** The largest message the client may send now, on every transport (chunks, and WebSocket messages). */
    private void messageLimit(int bytes) {
        ChunkDecoder chunks = pipeline.get(ChunkDecoder.class);
        if (chunks != null) {
            chunks.setMaxMessageSize(bytes);
        }
        WebSocketMessageLimit webSocket = pipeline.get(WebSocketMessageLimit.class);
        if (webSocket != null) {
            webSocket.limit(bytes);
        }
    }
}
