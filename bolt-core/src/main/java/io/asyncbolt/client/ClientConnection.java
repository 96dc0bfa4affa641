package io.asyncbolt.client;

import io.asyncbolt.protocol.BoltHandshakeException;
import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.ClientHandshakeHandler;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.internal.protocol.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.asyncbolt.internal.protocol.NegotiationResult;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Bolt connection of the client. Requests are written in order and their handlers queued FIFO;
 * each response goes to the head handler (RECORDs stay there, SUCCESS/FAILURE/IGNORED pop it), so any
 * number of requests can be pipelined. After a FAILURE, the IGNORED answers of the requests that
 * followed it fail with that original error.
 */
final class ClientConnection {

    /** How long a connection that said GOODBYE waits for the server to close it. */
    private static final long GOODBYE_GRACE_MILLIS = 300;

    private static final Map<String, Object> BOLT_AGENT = Map.of("product", "asyncbolt/0.1",
            "platform", System.getProperty("os.name") + "; " + System.getProperty("os.version") + "; "
                    + System.getProperty("os.arch"),
            "language", "Java/" + System.getProperty("java.version"),
            "language_details", System.getProperty("java.vm.vendor") + "; " + System.getProperty("java.vm.name")
                    + "; " + System.getProperty("java.vm.version"));

    private final Channel channel;
    private volatile BoltProtocol protocol;
    private final String address;
    private final ArrayDeque<ResponseHandler> handlers = new ArrayDeque<>();
    private final java.time.Clock clock;
    private final long createdMillis;
    private volatile long lastUsedMillis;
    private volatile String serverAgent;
    private volatile String connectionId;
    private volatile long recvTimeoutSeconds = -1;
    /** Fires when the server is silent for too long; reset whenever a request is sent to an idle connection. */
    private IdleStateHandler readTimeout;
    private long readTimeoutMillis;
    private String readTimeoutOrigin;
    private BoltClientException lastFailure;
    private volatile boolean reauthenticationRequired;
    /** The server's latest FAILURE while no SUCCESS followed it (null otherwise). */
    private volatile BoltClientException unansweredFailure;
    /** The server hung up right after a security FAILURE: an error it closes on, not a broken member. */
    private volatile boolean hungUpAfterFailure;
    private volatile boolean broken;
    private volatile ServerInfo serverInfo;
    private volatile boolean reused;
    /** The server asked for TELEMETRY (Bolt 5.4+ hint {@code telemetry.enabled}). */
    private volatile boolean telemetryEnabled;
    /** The qid of the latest query the server opened on this connection (-1: none): PULL/DISCARD may omit it. */
    private volatile long lastQid = -1;
    /** RUNs sent and not answered yet: while there are any, "the latest query" may be one of them. */
    private final java.util.concurrent.atomic.AtomicInteger runsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Runnable lost = () -> { };
    private volatile AuthToken authToken;
    /** The answer to the latest LOGON of {@link #reauthenticate} (complete when there was none). */
    private volatile CompletableFuture<Void> authentication = CompletableFuture.completedFuture(null);
    private final CompletableFuture<ClientConnection> completed = CompletableFuture.completedFuture(this);
    /** See {@link #keys}. */
    private Record.Keys lastKeys;
    /** Whether {@link #authToken} came from the client's {@link AuthTokenManager} (not a session's own). */
    private volatile boolean managedAuth;
    /** Hears the security errors of this connection: the client's auth token manager. */
    private volatile java.util.function.BiConsumer<ClientConnection, BoltClientException> securityErrors = (c, e) -> { };

    private ClientConnection(Channel channel, BoltProtocol protocol, String address, java.time.Clock clock) {
        this.clock = clock;
        this.createdMillis = clock.millis();
        this.lastUsedMillis = createdMillis;
        this.channel = channel;
        this.protocol = protocol;
        this.address = address;
    }

    /** Connects, negotiates a version and authenticates (HELLO, plus LOGON from Bolt 5.1). */
    static CompletionStage<ClientConnection> open(Bootstrap bootstrap, InetSocketAddress address, SslContext ssl,
            String host, ClientConfig config, AuthToken authToken, boolean managedAuth,
            java.util.function.BiConsumer<ClientConnection, BoltClientException> securityErrors,
            Map<String, Object> routingContext) {
        List<BoltVersion> versions = config.versions();
        int connectTimeoutMillis = (int) config.connectTimeout().toMillis();
        long openTimeoutMillis = config.acquisitionTimeout().toMillis();
        long readTimeoutMillis = config.readTimeout() == null ? 0 : config.readTimeout().toMillis();
        CompletableFuture<NegotiationResult> negotiated = new CompletableFuture<>();
        CompletableFuture<ClientConnection> opened = new CompletableFuture<>();
        Bootstrap b = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc(), host, address.getPort()));
                        }
                        ch.pipeline().addLast("handshake", new ClientHandshakeHandler(versions, true, negotiated));
                    }
                });
        Channel ch = b.connect(address).addListener(f -> {
            if (!f.isSuccess()) {
                negotiated.completeExceptionally(new BoltClientException.ServiceUnavailable(
                        "Unable to connect to " + address + ": " + f.cause().getMessage(), f.cause()));
            }
        }).channel();
        negotiated.whenComplete((result, error) -> {
            if (error != null) {
                ch.close();
                opened.completeExceptionally(error instanceof BoltClientException ? error
                        : new BoltClientException.ServiceUnavailable("Bolt handshake with " + address + " failed: "
                                + error.getMessage(), error));
                return;
            }
            // on the event loop, while the handshake handler is still in the pipeline
            BoltProtocol negotiatedProtocol = BoltProtocol.forVersion(result.version());
            BoltProtocol protocol = config.packedRecords() ? negotiatedProtocol.withPackedRecords() : negotiatedProtocol;
            ClientConnection connection = new ClientConnection(ch, protocol,
                    address.getHostString() + ":" + address.getPort(), config.clock());
            connection.securityErrors = securityErrors;
            connection.managedAuth = managedAuth;
            ch.pipeline().addLast("chunks", new ChunkDecoder());
            ch.pipeline().addLast("decoder", MessageDecoder.forClient(protocol));
            ch.pipeline().addLast("encoder", new MessageEncoder(protocol));
            ch.pipeline().addLast("dispatcher", connection.new Dispatcher());
            if (readTimeoutMillis > 0) {
                connection.readTimeout(readTimeoutMillis, "the client's read timeout");
            }
            opened.complete(connection);
        });
        CompletableFuture<ClientConnection> ready = opened.thenCompose(c -> c.authenticate(config.userAgent(),
                authToken, routingContext, config.notificationConfig())).toCompletableFuture();
        // like the official drivers, the connect timeout covers TCP only; the whole opening (TLS, Bolt
        // handshake, authentication) is part of the connection's acquisition and bounded by its timeout
        ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
            if (ready.completeExceptionally(new BoltClientException.ClientError("N/A", "Unable to acquire a "
                    + "connection to " + address + " within the acquisition timeout of " + openTimeoutMillis
                    + " ms (connect, handshake and authentication)", null))) {
                ch.close();
            }
        }, openTimeoutMillis, TimeUnit.MILLISECONDS);
        ready.whenComplete((c, e) -> timeout.cancel(false));
        return ready;
    }

    private CompletionStage<ClientConnection> authenticate(String userAgent, AuthToken auth,
            Map<String, Object> routingContext, NotificationConfig notifications) {
        this.authToken = auth;
        Map<String, Object> token = auth.fields();
        if (!notifications.isDefault() && !protocol.version().isAtLeast(BoltVersion.V5_2)) {
            channel.close();
            return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A", "Notification "
                    + "filters need Bolt 5.2 or later; the server " + address + " speaks " + protocol.version(), null));
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put(HelloMessage.USER_AGENT, userAgent);
        if (protocol.version().isAtLeast(BoltVersion.V5_3)) { // bolt_agent exists from Bolt 5.3 on
            extra.put(HelloMessage.BOLT_AGENT, BOLT_AGENT);
        }
        if (routingContext != null) {
            extra.put(HelloMessage.ROUTING, routingContext);
        }
        if (protocol.supportsUtcPatch()) {
            extra.put(HelloMessage.PATCH_BOLT, List.of("utc"));
        }
        notifications.writeTo(extra);
        CompletableFuture<ClientConnection> done = new CompletableFuture<>();
        ResponseHandler helloHandler = new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
                // (hostile or broken servers send anything: a value of the wrong type counts as absent)
                serverAgent = metadata.get("server") instanceof String agent ? agent : null;
                connectionId = metadata.get("connection_id") instanceof String id ? id : null;
                serverInfo = new ServerInfo(address, serverAgent, protocol.version());
                if (serverAgent == null || !serverAgent.startsWith("Neo4j/")) {
                    // like the official drivers: a server must identify as Neo4j (or speak for it)
                    done.completeExceptionally(new BoltClientException.ClientError("N/A", "Server at " + address
                            + " does not identify as a genuine Neo4j instance: its agent is '" + serverAgent + "'",
                            null));
                    return;
                }
                telemetryEnabled = protocol.version().isAtLeast(BoltVersion.V5_4)
                        && metadata.get("hints") instanceof Map<?, ?> h && Boolean.TRUE.equals(h.get("telemetry.enabled"));
                if (metadata.get("hints") instanceof Map<?, ?> hints
                        && hints.get("connection.recv_timeout_seconds") instanceof Long seconds && seconds > 0) {
                    recvTimeoutSeconds = seconds;
                    // the server promised to send something (NOOPs at least) this often while we wait
                    if (readTimeout == null || TimeUnit.SECONDS.toMillis(seconds) < readTimeoutMillis) {
                        readTimeout(TimeUnit.SECONDS.toMillis(seconds),
                                "its connection.recv_timeout_seconds hint");
                    }
                }
                if (metadata.get(HelloMessage.PATCH_BOLT) instanceof List<?> patches && patches.contains("utc")
                        && protocol.supportsUtcPatch()) {
                    protocol = protocol.withUtcPatch();
                    channel.pipeline().get(MessageEncoder.class).protocol(protocol);
                    channel.pipeline().get(MessageDecoder.class).protocol(protocol);
                }
                if (protocol.authInHello()) {
                    done.complete(ClientConnection.this);
                }
            }

            @Override
            public void onFailure(BoltClientException error) {
                done.completeExceptionally(error);
            }
        };
        if (protocol.authInHello()) {
            channel.eventLoop().execute(() -> {
                enqueue(new HelloMessage(extra, token), helloHandler);
                channel.flush();
            });
        } else {
            channel.eventLoop().execute(() -> {
                enqueue(new HelloMessage(extra, null), helloHandler);
                enqueue(new LogonMessage(token), new ResponseHandler() {
                    @Override
                    public void onSuccess(Map<String, Object> metadata) {
                        done.complete(ClientConnection.this);
                    }

                    @Override
                    public void onFailure(BoltClientException error) {
                        done.completeExceptionally(error);
                    }
                });
                channel.flush();
            });
        }
        return done.whenComplete((c, e) -> {
            if (e != null) {
                channel.close();
            }
        });
    }

    /** Closes the connection when the server says nothing for {@code millis} while an answer is awaited. */
    private void readTimeout(long millis, String origin) {
        IdleStateHandler handler = new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS);
        if (readTimeout == null) {
            channel.pipeline().addBefore("chunks", "read-timeout", handler);
        } else {
            channel.pipeline().replace("read-timeout", "read-timeout", handler);
        }
        readTimeout = handler;
        readTimeoutMillis = millis;
        readTimeoutOrigin = origin;
    }

    /** Whether the connection's token is the client's own (its security errors go to the auth token manager). */
    void managedAuth(boolean managed) {
        managedAuth = managed;
    }

    /** The token this connection authenticated with. */
    AuthToken authToken() {
        return authToken;
    }

    /** Before its next use the connection logs on again, even with the same token (authorization expired). */
    void requireReauthentication() {
        reauthenticationRequired = true;
    }

    /** Whether the connection must log on again before its next use; asking clears it. */
    boolean takeReauthenticationRequired() {
        boolean required = reauthenticationRequired;
        reauthenticationRequired = false;
        return required;
    }

    /** Whether the connection can change its user in place (LOGOFF/LOGON, Bolt 5.1+). */
    boolean supportsReauth() {
        return !protocol.authInHello();
    }

    /**
     * Re-authenticates with LOGOFF and LOGON (Bolt 5.1+), pipelined as the official drivers do: both are
     * written without waiting and go out with the next request, which the server ignores when LOGON fails
     * (its handler then hears LOGON's error, and the connection is not reused). {@link #authenticated()}
     * waits for the answer.
     */
    CompletionStage<ClientConnection> reauthenticate(AuthToken token, boolean managed) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        authentication = done;
        authToken = token;
        managedAuth = managed;
        write(LogoffMessage.INSTANCE, new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
            }

            @Override
            public void onFailure(BoltClientException error) {
                broken = true;
                done.completeExceptionally(error);
            }
        });
        write(new LogonMessage(token.fields()), new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
                done.complete(null);
            }

            @Override
            public void onFailure(BoltClientException error) {
                broken = true;
                done.completeExceptionally(error);
            }

            @Override
            public void onIgnored(BoltClientException cause) {
                broken = true;
                done.completeExceptionally(cause != null ? cause : new BoltClientException.Authentication(
                        "Neo.ClientError.Security.Unauthorized", "Re-authentication was ignored", null));
            }
        });
        return CompletableFuture.completedFuture(this);
    }

    /** Whether a re-authentication was written and not yet answered. */
    boolean authenticationPending() {
        return !authentication.isDone();
    }

    /** Sends what is written and completes when the connection's latest (re-)authentication was accepted. */
    CompletionStage<Void> authenticated() {
        if (channel.eventLoop().inEventLoop()) {
            channel.flush();
        } else {
            channel.eventLoop().execute(channel::flush);
        }
        return authentication;
    }

    /** The {@code host:port} this connection goes to, as the pool knows it. */
    String address() {
        return address;
    }

    BoltVersion version() {
        return protocol.version();
    }

    String serverAgent() {
        return serverAgent;
    }

    /** The server's address, agent and the negotiated version. */
    ServerInfo serverInfo() {
        ServerInfo info = serverInfo;
        return info != null ? info : new ServerInfo(address, serverAgent, protocol.version());
    }

    /** Whether the connection is encrypted (TLS). */
    boolean encrypted() {
        return channel.pipeline().get("tls") != null;
    }

    String connectionId() {
        return connectionId;
    }

    long recvTimeoutSeconds() {
        return recvTimeoutSeconds;
    }

    boolean isOpen() {
        return !broken && channel.isActive();
    }

    /** True when the caller runs on this connection's network thread. */
    boolean onCallerThread() {
        return channel.eventLoop().inEventLoop();
    }

    /** When the connection was opened, by the client's clock. */
    long createdMillis() {
        return createdMillis;
    }

    /** When the connection was last given back, by the client's clock. */
    long lastUsedMillis() {
        return lastUsedMillis;
    }

    void touch() {
        lastUsedMillis = clock.millis();
        reused = true;
    }

    /** Whether the connection was given back to its pool at least once (it may have gone stale since). */
    boolean reused() {
        return reused;
    }

    Channel channel() {
        return channel;
    }

    boolean telemetryEnabled() {
        return telemetryEnabled;
    }

    /** A RUN is about to be sent. */
    void running() {
        runsInFlight.incrementAndGet();
    }

    /** The server answered a RUN; {@code qid} is the query it opened, or -1. */
    void ran(long qid) {
        if (qid >= 0) {
            lastQid = qid;
        }
        runsInFlight.decrementAndGet();
    }

    /**
     * {@code qid}, or -1 ("the latest query", which the official drivers leave implicit) when it is the
     * latest query and no other RUN is on its way.
     */
    long qidFor(long qid) {
        return qid == lastQid && runsInFlight.get() == 0 ? -1 : qid;
    }

    /** Writes a request and queues its handler without flushing: the next {@link #send} takes it along. */
    void write(Request request, ResponseHandler handler) {
        if (channel.eventLoop().inEventLoop()) {
            enqueue(request, handler);
        } else {
            channel.eventLoop().execute(() -> enqueue(request, handler));
        }
    }

    /** Writes requests with their handlers, then flushes; safe from any thread. */
    void send(Request request, ResponseHandler handler) {
        if (channel.eventLoop().inEventLoop()) {
            enqueue(request, handler);
            channel.flush();
        } else {
            channel.eventLoop().execute(() -> {
                enqueue(request, handler);
                channel.flush();
            });
        }
    }

    /**
     * Writes two requests in one flush (RUN + PULL, BEGIN + RUN...). When the first cannot be sent, the
     * second is not sent either: its handler hears the first one's error as ignored.
     */
    void send(Request first, ResponseHandler firstHandler, Request second, ResponseHandler secondHandler) {
        if (channel.eventLoop().inEventLoop()) {
            sendNow(first, firstHandler, second, secondHandler);
        } else {
            channel.eventLoop().execute(() -> sendNow(first, firstHandler, second, secondHandler));
        }
    }

    /** Both requests encoded into one buffer, one write and one flush. */
    private void sendNow(Request first, ResponseHandler firstHandler, Request second, ResponseHandler secondHandler) {
        MessageEncoder encoder = channel.pipeline().get(MessageEncoder.class);
        if (!channel.isActive() || encoder == null) {
            BoltClientException refused = enqueue(first, firstHandler);
            if (refused == null) {
                enqueue(second, secondHandler);
            } else {
                secondHandler.onIgnored(refused);
            }
            channel.flush();
            return;
        }
        ByteBuf out = channel.alloc().ioBuffer();
        BoltClientException refused = encodeInto(encoder, first, out);
        if (refused != null) {
            out.release();
            firstHandler.onFailure(refused);
            secondHandler.onIgnored(refused);
            return;
        }
        int afterFirst = out.writerIndex();
        BoltClientException secondRefused = encodeInto(encoder, second, out);
        if (secondRefused != null) {
            out.writerIndex(afterFirst);
        }
        expect(first, firstHandler);
        if (secondRefused == null) {
            expect(second, secondHandler);
        }
        channel.writeAndFlush(out).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        if (secondRefused != null) {
            secondHandler.onFailure(secondRefused);
        }
    }

    /** Encodes {@code request} into {@code out}; the error a value it cannot carry gives, else null. */
    private BoltClientException encodeInto(MessageEncoder encoder, Request request, ByteBuf out) {
        try {
            encoder.encodeInto(request, out);
            return null;
        } catch (RuntimeException e) {
            return refusal(request, e);
        }
    }

    private BoltClientException refusal(Request request, Throwable e) {
        return new BoltClientException.ClientError("N/A", "Cannot send "
                + request.getClass().getSimpleName().replace("Message", "").toUpperCase(java.util.Locale.ROOT)
                + " to " + address + " (Bolt " + protocol.version() + "): " + e.getMessage(), null);
    }

    /** Queues the handler of a request about to be written. */
    private void expect(Request request, ResponseHandler handler) {
        if (request instanceof ResetMessage) {
            lastFailure = null;
        }
        if (handlers.isEmpty() && readTimeout != null) {
            // silence is measured from now, not from the last answer before the connection sat idle
            readTimeout.resetReadTimeout();
        }
        handlers.add(handler);
    }

    /**
     * The keys of a result with these {@code fields}: those of the connection's previous result when they are
     * the same (a query run again), else new ones. On the event loop only.
     */
    Record.Keys keys(List<?> fields) {
        Record.Keys last = lastKeys;
        if (last != null && last.names().equals(fields)) {
            return last;
        }
        return lastKeys = Record.Keys.of(fields);
    }

    /** This connection as a completed stage, made once (internal: never handed to users, who could obtrude it). */
    CompletableFuture<ClientConnection> asCompleted() {
        return completed;
    }

    /** Sends RESET: completes when the connection is clean again (fails if it broke). */
    CompletionStage<Void> reset() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        send(ResetMessage.INSTANCE, new ResponseHandler() {
            @Override
            public void onSuccess(Map<String, Object> metadata) {
                done.complete(null);
            }

            @Override
            public void onFailure(BoltClientException error) {
                broken = true;
                done.completeExceptionally(error);
            }
        });
        return done;
    }

    /** Says GOODBYE (when the connection still works) and closes it. */
    CompletionStage<Void> goodbye() {
        if (!channel.isActive() || broken) {
            return close();
        }
        broken = true;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(c -> closed.complete(null));
        // the server closes on GOODBYE; closing at once could cut off what it still writes (some servers
        // answer it), so it is given a moment before the client closes anyway
        channel.writeAndFlush(GoodbyeMessage.INSTANCE).addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            }
        });
        // counted from now, not from the write: behind a peer that stopped reading, GOODBYE never goes out
        channel.eventLoop().schedule(() -> channel.close(), GOODBYE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        return closed;
    }

    CompletionStage<Void> close() {
        broken = true;
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.close().addListener(f -> closed.complete(null));
        return closed;
    }

    /** Writes one request and queues its handler; returns the error it was failed with when it cannot go out. */
    private BoltClientException enqueue(Request request, ResponseHandler handler) {
        if (!channel.isActive()) {
            BoltClientException closed = new BoltClientException.ServiceUnavailable(
                    "The connection to the server is closed", null);
            handler.onFailure(closed);
            return closed;
        }
        expect(request, handler);
        ChannelFuture written = channel.write(request);
        if (written.cause() instanceof EncoderException e) {
            // refused while encoding, before any of its bytes were written (e.g. a UUID parameter for a
            // server below Bolt 6.1): only this request fails, the connection stays in step
            handlers.removeLastOccurrence(handler);
            BoltClientException refused = refusal(request, e.getCause() != null ? e.getCause() : e);
            handler.onFailure(refused);
            return refused;
        }
        written.addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        return null;
    }

    /**
     * {@code listener} hears when the connection is lost (closed, timed out, broken) while requests were in
     * flight: routing then forgets the member at once, not only when the work gives the connection back.
     */
    void onLost(Runnable listener) {
        lost = listener;
    }

    /**
     * Whether the server closed the connection right after a security FAILURE (as Neo4j does after
     * refusing credentials or an expired token): the member is not broken, and routing keeps it.
     */
    boolean hungUpAfterFailure() {
        if (hungUpAfterFailure) {
            return true;
        }
        // the close may be seen here before the event loop has handled it (channelInactive)
        BoltClientException failure = unansweredFailure;
        return !channel.isActive() && failure != null && failure.code().startsWith("Neo.ClientError.Security.");
    }

    /** Fails everything in flight: the connection is gone. */
    private void failAll(BoltClientException error) {
        broken = true;
        if (!handlers.isEmpty() && !hungUpAfterFailure) {
            lost.run();
        }
        ResponseHandler handler;
        while ((handler = handlers.poll()) != null) {
            handler.onFailure(error);
        }
    }

    private final class Dispatcher extends SimpleChannelInboundHandler<BoltMessage> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BoltMessage message) {
            ResponseHandler head = handlers.peek();
            if (head == null) {
                failAll(new BoltClientException.ServiceUnavailable("Unexpected message from the server: " + message, null));
                ctx.close();
                return;
            }
            if (message instanceof RecordMessage record) {
                head.onRecord(record.values(), record.invalidValue());
                return;
            }
            handlers.poll();
            if (message instanceof SuccessMessage success) {
                unansweredFailure = null;
                try {
                    head.onSuccess(success.metadata());
                } catch (RuntimeException malformed) {
                    // metadata a handler cannot read (a hostile or broken server): its request fails, not hangs
                    BoltClientException error = new BoltClientException.ClientError("N/A", "Malformed SUCCESS from "
                            + address + ": " + malformed, null);
                    head.onFailure(error);
                    failAll(error);
                    ctx.close();
                }
            } else if (message instanceof FailureMessage failure) {
                lastFailure = ResponseHandler.toException(failure, protocol.version().isAtLeast(BoltVersion.V5_7));
                unansweredFailure = lastFailure;
                if (lastFailure.code().startsWith("Neo.ClientError.Security.") && managedAuth) {
                    securityErrors.accept(ClientConnection.this, lastFailure);
                }
                head.onFailure(lastFailure);
            } else if (message instanceof IgnoredMessage) {
                head.onIgnored(lastFailure);
            } else {
                // a request travelling the wrong way: the server is not speaking Bolt to us
                BoltClientException error = new BoltClientException.ServiceUnavailable("Unexpected message from the "
                        + "server: " + message, null);
                head.onFailure(error);
                failAll(error);
                ctx.close();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent && !handlers.isEmpty()) {
                failAll(new BoltClientException.ServiceUnavailable("The server " + address + " sent nothing for "
                        + readTimeoutMillis + " ms (" + readTimeoutOrigin + ") while requests were pending; "
                        + "the connection is closed", null));
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!failAllAfterSecurityFailure()) {
                failAll(new BoltClientException.ServiceUnavailable("The connection to the server was closed", null));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // (a write meeting the socket the server just closed ends up here, before channelInactive)
            if (!failAllAfterSecurityFailure()) {
                if (cause instanceof DecoderException
                        && cause.getCause() instanceof BoltProtocolException wrongWay) {
                    // a message the decoder refused (e.g. a request travelling the wrong way): not Bolt to us
                    failAll(new BoltClientException.ServiceUnavailable("Unexpected message from the server: "
                            + wrongWay.getMessage(), wrongWay));
                } else {
                    failAll(new BoltClientException.ServiceUnavailable("Connection failure: " + cause.getMessage(), cause));
                }
            }
            ctx.close();
        }

        /**
         * A server closing after a security FAILURE (refused credentials, an expired token...): what was
         * pipelined behind it fails with that error, as it would have been IGNORED, and the member stays.
         */
        private boolean failAllAfterSecurityFailure() {
            BoltClientException failure = unansweredFailure;
            if (failure == null || !failure.code().startsWith("Neo.ClientError.Security.")) {
                return false;
            }
            hungUpAfterFailure = true;
            failAll(failure);
            return true;
        }
    }
}
