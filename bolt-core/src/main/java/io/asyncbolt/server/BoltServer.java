package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.ChunkDecoder;
import io.asyncbolt.protocol.MessageDecoder;
import io.asyncbolt.protocol.MessageEncoder;
import io.asyncbolt.protocol.NegotiationResult;
import io.asyncbolt.protocol.ServerHandshakeHandler;
import io.asyncbolt.packstream.Unpacker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bolt server on Netty that the official Neo4j drivers and tools accept as Neo4j. Each RUN goes to the
 * {@link QueryHandler} (after the built-in {@link SystemQueries}); explicit transactions to the
 * {@link TransactionHandler}; credentials to the {@link Authenticator}.
 *
 * <pre>{@code
 * try (BoltServer server = BoltServer.builder()
 *         .port(0)
 *         .queryHandler(query -> CompletableFuture.completedFuture(QueryResult.single(Map.of("x", 1L))))
 *         .start()) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class BoltServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoltServer.class);

    /** Refusals at the connection limit: a flood of them must not flood the log. */
    private final RefusalLog refusalLog = new RefusalLog();
    private final ServerConfig config;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ExecutorService ownExecutor;
    private final Set<BoltConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionIds = new AtomicInteger();
    private final AtomicLong transactionIds = new AtomicLong();
    private final AtomicLong bookmarks = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ByteCounter byteCounter;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private Channel serverChannel;

    private BoltServer(ServerConfig config, ExecutorService ownExecutor) {
        this.config = config;
        this.ownExecutor = ownExecutor;
        this.byteCounter = config.listener() == ServerListener.NONE ? null : new ByteCounter(config.listener());
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workerGroup = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the server listens on (the bound one when 0 was asked for). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The address the server listens on. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** True once {@link #shutdown} began: no new connections, running work draining. */
    public boolean isShuttingDown() {
        return stopping.get();
    }

    /** The number of open Bolt connections (after the handshake). */
    public int activeConnections() {
        return connections.size();
    }

    /**
     * Stops accepting connections, lets running requests and open transactions finish within
     * {@code timeout}, then answers what remains with {@code Neo.TransientError.General.DatabaseUnavailable}
     * and closes every connection. The returned stage completes when everything is released.
     */
    public CompletableFuture<Void> shutdown(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            return terminated;
        }
        serverChannel.close().addListener(closed -> {
            for (BoltConnection connection : connections) {
                connection.channelExecute(connection::drain);
            }
            for (Channel channel : channels) {
                if (channel.pipeline().get(BoltConnection.class) == null) {
                    channel.close();
                }
            }
            workerGroup.next().schedule(this::terminateAll, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            awaitClosed(System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5));
        });
        return terminated;
    }

    /** Shuts down without waiting for running work (see {@link #shutdown(Duration)}) and waits for the end. */
    @Override
    public void close() {
        shutdown(Duration.ZERO).join();
    }

    private void terminateAll() {
        for (BoltConnection connection : connections) {
            connection.channelExecute(connection::terminate);
        }
    }

    private void awaitClosed(long deadlineNanos) {
        if (channels.isEmpty() || System.nanoTime() > deadlineNanos) {
            if (!channels.isEmpty()) {
                log.warn("{} connections still open at the end of the shutdown; closing them", channels.size());
                channels.forEach(Channel::close);
            }
            releaseResources();
            return;
        }
        bossGroup.schedule(() -> awaitClosed(deadlineNanos), 10, TimeUnit.MILLISECONDS);
    }

    private void releaseResources() {
        CompletableFuture.runAsync(() -> {
            workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
        }).whenComplete((v, e) -> terminated.complete(null));
    }

    /** The settings this server runs with (for the connection's parts, and tests in this package). */
    ServerConfig config() {
        return config;
    }

    String nextBookmark() {
        return "asyncbolt:" + bookmarks.incrementAndGet();
    }

    String nextTransactionId() {
        return "tx-" + transactionIds.incrementAndGet();
    }

    void connectionClosed(BoltConnection connection) {
        connections.remove(connection);
        config.listener().connectionClosed(connection.connectionId());
    }

    private BoltServer bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        accept(channel);
                    }
                });
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.address(), config.port())).syncUninterruptibly().channel();
        } catch (Throwable e) { // Netty rethrows the bind's checked java.net.BindException as it is
            workerGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            bossGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (ownExecutor != null) {
                ownExecutor.shutdownNow();
            }
            if (e instanceof java.io.IOException io) {
                throw new java.io.UncheckedIOException("Cannot listen on " + config.address() + ":" + config.port()
                        + ": " + io.getMessage(), io);
            }
            throw e;
        }
        log.info("Bolt server listening on {} (versions {})", serverChannel.localAddress(), config.versions());
        return this;
    }

    private void accept(SocketChannel channel) {
        if (stopping.get()) {
            channel.close();
            return;
        }
        if (config.maxConnections() > 0 && channels.size() >= config.maxConnections()) {
            refusalLog.refused(channel.remoteAddress(), channels.size(), config.maxConnections());
            config.listener().connectionRejected("max-connections");
            channel.close();
            return;
        }
        channels.add(channel);
        if (byteCounter != null) {
            channel.pipeline().addLast("bolt-bytes", byteCounter);
        }
        channel.closeFuture().addListener(f -> channels.remove(channel));
        AtomicBoolean negotiated = new AtomicBoolean();
        if (!config.handshakeTimeout().isZero()) {
            channel.eventLoop().schedule(() -> {
                if (!negotiated.get() && channel.isActive()) {
                    log.debug("No Bolt handshake from {} within {}; closing", channel.remoteAddress(), config.handshakeTimeout());
                    channel.close();
                }
            }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        channel.pipeline().addLast("bolt-transport", new TransportSelector(config.sslContext(), config.tlsRequired(),
                config.webSocket(), config.maxMessageSize(), config.maxMessageSizeBeforeAuth(), false,
                pipeline -> installBolt(pipeline, negotiated),
                reason -> config.listener().connectionRejected(reason)));
    }

    /** Adds the Bolt handshake; the rest of the pipeline follows once a version is agreed. */
    private void installBolt(ChannelPipeline pipeline, AtomicBoolean negotiated) {
        pipeline.addLast("bolt-handshake", new ServerHandshakeHandler(config.versions(), true,
                (ctx, result) -> {
                    negotiated.set(true);
                    onNegotiated(ctx, result);
                },
                (ctx, error) -> {
                    log.debug("Bolt handshake with {} failed: {}", ctx.channel().remoteAddress(), error.getMessage());
                    config.listener().connectionRejected("handshake");
                }));
    }

    private void onNegotiated(ChannelHandlerContext ctx, NegotiationResult result) {
        BoltProtocol protocol = BoltProtocol.forVersion(result.version(), config.maxDepth());
        String connectionId = "bolt-" + connectionIds.incrementAndGet();
        BoltConnection connection = new BoltConnection(this, config, protocol, connectionId);
        ChannelPipeline pipeline = ctx.pipeline();
        String last = ctx.name();
        pipeline.addAfter(last, "bolt-chunks", new ChunkDecoder(config.maxMessageSizeBeforeAuth()));
        // a server's decoder: a SUCCESS or RECORD from the client is refused there (FAILURE Request.Invalid, close)
        pipeline.addAfter("bolt-chunks", "bolt-decoder", MessageDecoder.forServer(protocol));
        pipeline.addAfter("bolt-decoder", "bolt-encoder", new MessageEncoder(protocol));
        last = "bolt-encoder";
        if (!config.idleTimeout().isZero()) {
            pipeline.addAfter(last, "bolt-idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(),
                    TimeUnit.MILLISECONDS));
            last = "bolt-idle";
        }
        pipeline.addAfter(last, "bolt-connection", connection);
        connections.add(connection);
        config.listener().connectionOpened(connectionId, result.version());
        if (stopping.get()) {
            connection.channelExecute(connection::drain);
        }
        log.debug("Connection {} from {} speaks Bolt {}", connectionId, ctx.channel().remoteAddress(), result.version());
    }

    /** Collects the server's settings; {@link #start()} binds the port. */
    public static final class Builder {

        private String address = "127.0.0.1";
        private int port = 7687;
        private List<BoltVersion> versions = BoltVersion.ALL;
        private String agent = "Neo4j/5.26.0";
        private QueryHandler queryHandler = query -> {
            throw BoltException.syntaxError("No handler for statement: " + query.statement());
        };
        private TransactionHandler transactionHandler = TransactionHandler.ACCEPT_ALL;
        private Authenticator authenticator = Authenticator.ALLOW_ALL;
        private RoutingTableProvider routing;
        private SystemQueries systemQueries;
        private Executor executor;
        private SslContext sslContext;
        private boolean tlsRequired;
        private boolean webSocket = true;
        private int maxMessageSize = ChunkDecoder.DEFAULT_MAX_MESSAGE_SIZE;
        private int maxMessageSizeBeforeAuth = 64 * 1024;
        private int maxDepth = Unpacker.DEFAULT_MAX_DEPTH;
        private int maxConnections;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration authTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ZERO;
        private Duration recvTimeoutHint = Duration.ofSeconds(120);
        private int writeBufferLowWaterMark = 32 * 1024;
        private int writeBufferHighWaterMark = 256 * 1024;
        private boolean telemetry;
        private String defaultDatabase = "neo4j";
        private String advertisedAddress;
        private Duration routingTtl = Duration.ofSeconds(300);
        private ServerListener listener = ServerListener.NONE;

        private Builder() {
        }

        /** The address to bind; default {@code 127.0.0.1}. Use {@code 0.0.0.0} for every interface. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** The port; default 7687, 0 for an ephemeral one (see {@link BoltServer#port()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The Bolt versions to offer; default {@link BoltVersion#ALL}. */
        public Builder versions(List<BoltVersion> versions) {
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("At least one Bolt version is needed; supported: " + BoltVersion.ALL);
            }
            for (BoltVersion version : versions) {
                if (!BoltVersion.ALL.contains(version)) {
                    throw new IllegalArgumentException("Unsupported Bolt version " + version + "; supported: "
                            + BoltVersion.ALL);
                }
            }
            this.versions = List.copyOf(versions);
            return this;
        }

        /** The {@code server} agent of HELLO; drivers require it to start with {@code Neo4j/}. */
        public Builder agent(String agent) {
            if (!agent.startsWith("Neo4j/")) {
                throw new IllegalArgumentException("The official drivers refuse an agent not starting with Neo4j/: " + agent);
            }
            this.agent = agent;
            return this;
        }

        public Builder queryHandler(QueryHandler queryHandler) {
            this.queryHandler = Objects.requireNonNull(queryHandler);
            return this;
        }

        public Builder transactionHandler(TransactionHandler transactionHandler) {
            this.transactionHandler = Objects.requireNonNull(transactionHandler);
            return this;
        }

        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        /** Answers ROUTE; default: this server in every role at the advertised address. */
        public Builder routing(RoutingTableProvider routing) {
            this.routing = routing;
            return this;
        }

        /** The {@code host:port} clients are told to use in routing tables; default the bound address. */
        public Builder advertisedAddress(String advertisedAddress) {
            this.advertisedAddress = advertisedAddress;
            return this;
        }

        /** How long clients may cache the default routing table; default 300 s. */
        public Builder routingTtl(Duration ttl) {
            this.routingTtl = ttl;
            return this;
        }

        /** Built-in answers to tool queries; default {@link SystemQueries#defaults}. */
        public Builder systemQueries(SystemQueries systemQueries) {
            this.systemQueries = systemQueries;
            return this;
        }

        /** Where handlers run; default a cached pool of up to 512 daemon threads owned by the server. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /**
         * Runs handlers (and the iterators of their results) on the connection's network thread, saving two
         * thread hand-offs per request. Only for handlers that never block, not even briefly: a blocking
         * handler would stall every connection that shares its event loop. Like gRPC's
         * {@code ServerBuilder.directExecutor()}.
         */
        public Builder directExecutor() {
            return executor(Runnable::run);
        }

        /** TLS on the same port as plain Bolt; with {@code required}, plaintext connections are refused. */
        public Builder tls(SslContext sslContext, boolean required) {
            this.sslContext = sslContext;
            this.tlsRequired = required;
            return this;
        }

        /** Whether WebSocket clients (Neo4j Browser, the JS driver in a browser) may connect on the same port. */
        public Builder webSocket(boolean enabled) {
            this.webSocket = enabled;
            return this;
        }

        /** The largest message accepted after authentication; default 64 MiB. */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        /** The largest message accepted before authentication; default 64 KiB. */
        public Builder maxMessageSizeBeforeAuth(int bytes) {
            this.maxMessageSizeBeforeAuth = bytes;
            return this;
        }

        /** The deepest nesting of lists, maps and structures accepted; default {@link Unpacker#DEFAULT_MAX_DEPTH}. */
        public Builder maxDepth(int depth) {
            this.maxDepth = depth;
            return this;
        }

        /** The most connections open at once (0: no limit); others are closed at once. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** How long a new connection may take to send the Bolt handshake; default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** How long a connection may take to authenticate; default 30 s. */
        public Builder authTimeout(Duration timeout) {
            this.authTimeout = timeout;
            return this;
        }

        /** Close connections with no traffic and nothing running for this long; default never. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * The {@code connection.recv_timeout_seconds} hint sent in HELLO; while a handler is slow the
         * server sends NOOP chunks to keep that promise. Default 120 s; zero sends no hint.
         */
        public Builder recvTimeoutHint(Duration hint) {
            this.recvTimeoutHint = hint;
            return this;
        }

        /** Outbound buffer water marks: above {@code high} the server stops taking records from handlers. */
        public Builder writeBufferWaterMarks(int low, int high) {
            this.writeBufferLowWaterMark = low;
            this.writeBufferHighWaterMark = high;
            return this;
        }

        /** Whether HELLO advertises {@code telemetry.enabled} (TELEMETRY is accepted either way). */
        public Builder telemetry(boolean enabled) {
            this.telemetry = enabled;
            return this;
        }

        /** The database used when a client names none; default {@code neo4j}. */
        public Builder defaultDatabase(String database) {
            this.defaultDatabase = database;
            return this;
        }

        /** Hears connections, requests and bytes, e.g. for metrics. */
        public Builder listener(ServerListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** Binds the port and starts serving. */
        public BoltServer start() {
            ThreadPoolExecutor own = null;
            Executor exec = executor;
            if (exec == null) {
                AtomicInteger threads = new AtomicInteger();
                own = new ThreadPoolExecutor(0, 512, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "bolt-handler-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                exec = own;
            }
            String version = agent.substring("Neo4j/".length());
            BoltServer[] self = new BoltServer[1];
            java.util.function.Supplier<String> reachableAt = () -> advertisedAddress != null ? advertisedAddress
                    : self[0].localAddress().getHostString() + ":" + self[0].port();
            SystemQueries system = systemQueries != null ? systemQueries
                    : SystemQueries.defaults(version, defaultDatabase, reachableAt);
            RoutingTableProvider route = routing != null ? routing : (db, ctx, context) -> RoutingTable.single(
                    reachableAt.get(), routingTtl);
            ServerConfig config = new ServerConfig(address, port, versions, agent, queryHandler, transactionHandler,
                    authenticator, route, system, exec, sslContext, tlsRequired, webSocket, maxMessageSize,
                    maxMessageSizeBeforeAuth, maxDepth, maxConnections, handshakeTimeout, authTimeout, idleTimeout,
                    recvTimeoutHint, writeBufferLowWaterMark, writeBufferHighWaterMark, telemetry, defaultDatabase,
                    listener);
            self[0] = new BoltServer(config, own);
            return self[0].bind();
        }
    }
}
