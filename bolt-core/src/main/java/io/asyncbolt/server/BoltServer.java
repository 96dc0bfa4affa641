package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltVersion;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
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

    private final ServerConfig config;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    /** True when the worker group is the embedder's: shared, not shut down with the server. */
    private final boolean sharedWorkers;
    private final ExecutorService ownExecutor;
    private final Set<BoltConnection> connections = ConcurrentHashMap.newKeySet();
    private final ConnectionLimits limits;
    private final ServerChannelInitializer initializer;
    private final AtomicLong transactionIds = new AtomicLong();
    private final AtomicLong bookmarks = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private Channel serverChannel;
    private volatile java.util.concurrent.ScheduledFuture<?> pendingDrain;

    private BoltServer(ServerConfig config, ExecutorService ownExecutor, EventLoopGroup workers) {
        this.config = config;
        this.ownExecutor = ownExecutor;
        this.limits = new ConnectionLimits(config);
        this.initializer = new ServerChannelInitializer(this, config, limits);
        this.bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.sharedWorkers = workers != null;
        this.workerGroup = sharedWorkers ? workers : new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
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

    /**
     * True once {@link #shutdown} began: the server leaves the routing tables (see {@link #shutdown}), then
     * accepts no new connections and drains running work.
     */
    public boolean isShuttingDown() {
        return stopping.get();
    }

    /** The number of open Bolt connections (after the handshake). */
    public int activeConnections() {
        return connections.size();
    }

    /** True once {@link #shutdown} closed the port: no new connections, running work draining. */
    boolean isDraining() {
        return draining.get();
    }

    /**
     * Stops accepting connections, lets running requests and open transactions finish within
     * {@code timeout}, then answers what remains with {@code Neo.TransientError.General.DatabaseUnavailable}
     * and closes every connection. The returned stage completes when everything is released.
     *
     * <p>When the {@link RoutingTableProvider} advertised this instance among others, it first leaves the tables
     * it hands out and the server goes on serving for as long as clients may still hold such a table (its TTL,
     * at most half of {@code timeout}) before it closes the port and drains, so {@code neo4j://} drivers move
     * to the other members without failing a transaction.
     */
    public CompletableFuture<Void> shutdown(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            java.util.concurrent.ScheduledFuture<?> leaving = pendingDrain;
            if (timeout.isZero() && leaving != null && leaving.cancel(false)) {
                drain(Duration.ZERO); // close() while leaving the routing tables: no more waiting
            }
            return terminated;
        }
        Duration leave = timeout.isNegative() || timeout.isZero() ? Duration.ZERO : leaveRoutingTables(timeout);
        if (leave.isZero()) {
            drain(timeout);
        } else {
            pendingDrain = bossGroup.schedule(() -> drain(timeout.minus(leave)), leave.toMillis(), TimeUnit.MILLISECONDS);
        }
        return terminated;
    }

    /** How long to go on serving before draining: what the provider says, within half of the timeout. */
    private Duration leaveRoutingTables(Duration timeout) {
        Duration wanted;
        try {
            wanted = config.routing().leave();
        } catch (RuntimeException e) {
            log.warn("The routing table provider failed to leave the routing tables; draining at once", e);
            return Duration.ZERO;
        }
        if (wanted == null || wanted.isNegative() || wanted.isZero()) {
            return Duration.ZERO;
        }
        Duration half = timeout.dividedBy(2);
        if (wanted.compareTo(half) > 0) {
            log.warn("Clients may hold a routing table naming this server for {}, but the shutdown timeout {} leaves "
                    + "only {} for that; clients that still come after that are refused and retry elsewhere. Make the "
                    + "shutdown timeout at least twice the routing TTL", wanted, timeout, half);
            wanted = half;
        }
        log.info("Bolt server on {} left the routing tables; serving for {} until clients' tables expire, then draining",
                serverChannel.localAddress(), wanted);
        return wanted;
    }

    private void drain(Duration timeout) {
        if (!draining.compareAndSet(false, true)) {
            return;
        }
        serverChannel.close().addListener(closed -> {
            for (BoltConnection connection : connections) {
                connection.channelExecute(connection::drain);
            }
            for (Channel channel : limits.channels()) {
                if (channel.pipeline().get(BoltConnection.class) == null) {
                    channel.close();
                }
            }
            workerGroup.next().schedule(this::terminateAll, Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            awaitClosed(System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5));
        });
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
        Set<Channel> channels = limits.channels();
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
            if (!sharedWorkers) {
                workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
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

    void connectionOpened(BoltConnection connection) {
        connections.add(connection);
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
                .childHandler(initializer);
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.address(), config.port())).syncUninterruptibly().channel();
        } catch (Throwable e) { // Netty rethrows the bind's checked java.net.BindException as it is
            if (!sharedWorkers) {
                workerGroup.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
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

    /** Collects the server's settings; {@link #start()} binds the port. */
    public static final class Builder {

        private String address = ServerConfig.DEFAULT_ADDRESS;
        private int port = ServerConfig.DEFAULT_PORT;
        private List<BoltVersion> versions = ServerConfig.DEFAULT_VERSIONS;
        private String agent = ServerConfig.DEFAULT_AGENT;
        private QueryHandler queryHandler = ServerConfig.NO_QUERY_HANDLER;
        private TransactionHandler transactionHandler = TransactionHandler.ACCEPT_ALL;
        private Authenticator authenticator = Authenticator.ALLOW_ALL;
        /** Null: this server in every role at the advertised address. */
        private RoutingTableProvider routing;
        /** Null: {@link SystemQueries#defaults}. */
        private SystemQueries systemQueries;
        /** Null: a pool owned by the server. */
        private Executor executor;
        private EventLoopGroup eventLoopGroup;
        private boolean virtualThreads;
        private SslContext sslContext;
        private boolean tlsRequired;
        private boolean webSocket = ServerConfig.DEFAULT_WEB_SOCKET;
        private int maxMessageSize = ServerConfig.DEFAULT_MAX_MESSAGE_SIZE;
        private int maxMessageSizeBeforeAuth = ServerConfig.DEFAULT_MAX_MESSAGE_SIZE_BEFORE_AUTH;
        private int maxDepth = ServerConfig.DEFAULT_MAX_DEPTH;
        private int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;
        private Duration handshakeTimeout = ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration authTimeout = ServerConfig.DEFAULT_AUTH_TIMEOUT;
        private Duration idleTimeout = ServerConfig.DEFAULT_IDLE_TIMEOUT;
        private Duration recvTimeoutHint = ServerConfig.DEFAULT_RECV_TIMEOUT_HINT;
        private int writeBufferLowWaterMark = ServerConfig.DEFAULT_WRITE_BUFFER_LOW_WATER_MARK;
        private int writeBufferHighWaterMark = ServerConfig.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK;
        private boolean telemetry;
        private String defaultDatabase = ServerConfig.DEFAULT_DATABASE;
        private String advertisedAddress;
        private Duration routingTtl = ServerConfig.DEFAULT_ROUTING_TTL;
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
            ServerConfig.checkPort(port);
            this.port = port;
            return this;
        }

        /** The Bolt versions to offer; default {@link BoltVersion#ALL}. */
        public Builder versions(List<BoltVersion> versions) {
            this.versions = ServerConfig.checkVersions(versions);
            return this;
        }

        /** The {@code server} agent of HELLO; drivers require it to start with {@code Neo4j/}. */
        public Builder agent(String agent) {
            this.agent = ServerConfig.checkAgent(agent);
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

        /**
         * The network threads of the accepted connections, shared with other Netty code (e.g. an asyncbolt client
         * configured with the same group, so that work forwarded from a connection stays on its thread); the server
         * does not shut a given group down. Default: threads of the server's own (twice the cores).
         */
        public Builder eventLoopGroup(EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        /** Where handlers run; default a cached pool of up to 512 daemon threads owned by the server. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor);
            this.virtualThreads = false;
            return this;
        }

        /**
         * Runs each blocking handler call on a virtual thread of its own (owned by the server) instead of the
         * default pool. Needs Java 21 or later: {@link IllegalStateException} before.
         *
         * @see VirtualThreads#available()
         */
        public Builder virtualThreads() {
            if (!VirtualThreads.available()) {
                throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
                        + Runtime.version().feature());
            }
            this.executor = null;
            this.virtualThreads = true;
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

        /** The deepest nesting of lists, maps and structures accepted; default 100. */
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
            this.handshakeTimeout = ServerConfig.checkDuration(timeout, "handshakeTimeout");
            return this;
        }

        /** How long a connection may take to authenticate; default 30 s. */
        public Builder authTimeout(Duration timeout) {
            this.authTimeout = ServerConfig.checkDuration(timeout, "authTimeout");
            return this;
        }

        /** Close connections with no traffic and nothing running for this long; default never. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = ServerConfig.checkDuration(timeout, "idleTimeout");
            return this;
        }

        /**
         * The {@code connection.recv_timeout_seconds} hint sent in HELLO; while a handler is slow the
         * server sends NOOP chunks to keep that promise. Default 120 s; zero sends no hint.
         */
        public Builder recvTimeoutHint(Duration hint) {
            this.recvTimeoutHint = ServerConfig.checkDuration(hint, "recvTimeoutHint");
            return this;
        }

        /** Outbound buffer water marks: above {@code high} the server stops taking records from handlers. */
        public Builder writeBufferWaterMarks(int low, int high) {
            ServerConfig.checkWaterMarks(low, high);
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
            ExecutorService own = executor != null ? null
                    : virtualThreads ? VirtualThreads.executor("bolt-handler-virtual-") : ownExecutor();
            Executor exec = executor != null ? executor : own;
            String version = agent.substring(ServerConfig.AGENT_PREFIX.length());
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
            self[0] = new BoltServer(config, own, eventLoopGroup);
            self[0].bind();
            route.serverStarted(reachableAt.get());
            return self[0];
        }

        /** Handlers' threads when no executor is given: up to {@value ServerConfig#DEFAULT_HANDLER_THREADS} daemons. */
        private static ExecutorService ownExecutor() {
            AtomicInteger threads = new AtomicInteger();
            return new ThreadPoolExecutor(0, ServerConfig.DEFAULT_HANDLER_THREADS, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "bolt-handler-" + threads.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
        }
    }
}
