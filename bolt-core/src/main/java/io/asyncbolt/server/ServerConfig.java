package io.asyncbolt.server;

import io.asyncbolt.internal.packstream.Unpacker;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The defaults of the server options, which {@link BoltServer.Builder} starts from (and Spring Boot's
 * {@code bolt.server.*} properties show): each {@code DEFAULT_*} constant is the value of the builder option
 * of the same name when it is not set. Inside the server, the options a builder collected (immutable) and
 * their validation: the builder's setters check what they are given with the same methods, and the
 * constructor checks the whole.
 */
public final class ServerConfig {

    /** Until the embedder gives one: every statement is a syntax error. */
    static final QueryHandler NO_QUERY_HANDLER = query -> {
        throw BoltException.syntaxError("No handler for statement: " + query.statement());
    };

    /** The address bound: the loopback interface only. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";

    /** The port bound: Neo4j's Bolt port. */
    public static final int DEFAULT_PORT = 7687;

    /** The Bolt versions offered: every supported one ({@link BoltVersion#ALL}, immutable). */
    public static final List<BoltVersion> DEFAULT_VERSIONS = BoltVersion.ALL;

    /** The {@code server} agent sent in HELLO; the official drivers need it to start with {@value #AGENT_PREFIX}. */
    public static final String DEFAULT_AGENT = "Neo4j/5.26.0";

    /** The prefix of the HELLO agent without which the official drivers refuse a server. */
    public static final String AGENT_PREFIX = "Neo4j/";

    /** Whether WebSocket clients (Neo4j Browser) may connect on the Bolt port. */
    public static final boolean DEFAULT_WEB_SOCKET = true;

    /** The largest message accepted after authentication, in bytes: {@value} (64 MiB). */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = ChunkDecoder.DEFAULT_MAX_MESSAGE_SIZE;

    /** The largest message accepted before authentication, in bytes: {@value} (64 KiB). */
    public static final int DEFAULT_MAX_MESSAGE_SIZE_BEFORE_AUTH = 64 * 1024;

    /** The deepest nesting of lists, maps and structures accepted in a message: {@value}. */
    public static final int DEFAULT_MAX_DEPTH = Unpacker.DEFAULT_MAX_DEPTH;

    /** The most connections open at once: 0, no limit. */
    public static final int DEFAULT_MAX_CONNECTIONS = 0;

    /** How long a new connection may take to send the Bolt handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** How long a connection may take to authenticate. */
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);

    /** After how long idle connections are closed: zero, never. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;

    /** The {@code connection.recv_timeout_seconds} hint sent to clients. */
    public static final Duration DEFAULT_RECV_TIMEOUT_HINT = Duration.ofSeconds(120);

    /** The write buffer size, in bytes, below which a connection is writable again: {@value} (32 KiB). */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;

    /** The write buffer size, in bytes, above which result streaming waits: {@value} (256 KiB). */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 256 * 1024;

    /** The database used when a client names none. */
    public static final String DEFAULT_DATABASE = "neo4j";

    /** How long clients may cache the routing table. */
    public static final Duration DEFAULT_ROUTING_TTL = Duration.ofSeconds(300);

    /** The most threads of the handler pool a server makes when given no executor: {@value}. */
    public static final int DEFAULT_HANDLER_THREADS = 512;

    private final String address;
    private final int port;
    private final List<BoltVersion> versions;
    private final String agent;
    private final QueryHandler queryHandler;
    private final TransactionHandler transactionHandler;
    private final Authenticator authenticator;
    private final RoutingTableProvider routing;
    private final SystemQueries systemQueries;
    private final Executor executor;
    private final SslContext sslContext;
    private final boolean tlsRequired;
    private final boolean webSocket;
    private final int maxMessageSize;
    private final int maxMessageSizeBeforeAuth;
    private final int maxDepth;
    private final int maxConnections;
    private final Duration handshakeTimeout;
    private final Duration authTimeout;
    private final Duration idleTimeout;
    private final Duration recvTimeoutHint;
    private final int writeBufferLowWaterMark;
    private final int writeBufferHighWaterMark;
    private final boolean telemetryEnabled;
    private final String defaultDatabase;
    private final ServerListener listener;

    ServerConfig(
            String address,
            int port,
            List<BoltVersion> versions,
            String agent,
            QueryHandler queryHandler,
            TransactionHandler transactionHandler,
            Authenticator authenticator,
            RoutingTableProvider routing,
            SystemQueries systemQueries,
            Executor executor,
            SslContext sslContext,
            boolean tlsRequired,
            boolean webSocket,
            int maxMessageSize,
            int maxMessageSizeBeforeAuth,
            int maxDepth,
            int maxConnections,
            Duration handshakeTimeout,
            Duration authTimeout,
            Duration idleTimeout,
            Duration recvTimeoutHint,
            int writeBufferLowWaterMark,
            int writeBufferHighWaterMark,
            boolean telemetryEnabled,
            String defaultDatabase,
            ServerListener listener) {
        Objects.requireNonNull(address, "address");
        checkPort(port);
        versions = checkVersions(versions);
        checkAgent(agent);
        Objects.requireNonNull(queryHandler, "queryHandler");
        Objects.requireNonNull(transactionHandler, "transactionHandler");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(routing, "routing");
        Objects.requireNonNull(systemQueries, "systemQueries");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(listener, "listener");
        if (tlsRequired && sslContext == null) {
            throw new IllegalArgumentException("TLS is required but no SslContext is given");
        }
        checkPositive(maxMessageSize, "maxMessageSize");
        checkPositive(maxMessageSizeBeforeAuth, "maxMessageSizeBeforeAuth");
        checkPositive(maxDepth, "maxDepth");
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be 0 (no limit) or more: " + maxConnections);
        }
        checkDuration(handshakeTimeout, "handshakeTimeout");
        checkDuration(authTimeout, "authTimeout");
        checkDuration(idleTimeout, "idleTimeout");
        checkDuration(recvTimeoutHint, "recvTimeoutHint");
        checkWaterMarks(writeBufferLowWaterMark, writeBufferHighWaterMark);
        this.address = address;
        this.port = port;
        this.versions = versions;
        this.agent = agent;
        this.queryHandler = queryHandler;
        this.transactionHandler = transactionHandler;
        this.authenticator = authenticator;
        this.routing = routing;
        this.systemQueries = systemQueries;
        this.executor = executor;
        this.sslContext = sslContext;
        this.tlsRequired = tlsRequired;
        this.webSocket = webSocket;
        this.maxMessageSize = maxMessageSize;
        this.maxMessageSizeBeforeAuth = maxMessageSizeBeforeAuth;
        this.maxDepth = maxDepth;
        this.maxConnections = maxConnections;
        this.handshakeTimeout = handshakeTimeout;
        this.authTimeout = authTimeout;
        this.idleTimeout = idleTimeout;
        this.recvTimeoutHint = recvTimeoutHint;
        this.writeBufferLowWaterMark = writeBufferLowWaterMark;
        this.writeBufferHighWaterMark = writeBufferHighWaterMark;
        this.telemetryEnabled = telemetryEnabled;
        this.defaultDatabase = defaultDatabase;
        this.listener = listener;
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    List<BoltVersion> versions() {
        return versions;
    }

    String agent() {
        return agent;
    }

    QueryHandler queryHandler() {
        return queryHandler;
    }

    TransactionHandler transactionHandler() {
        return transactionHandler;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    RoutingTableProvider routing() {
        return routing;
    }

    SystemQueries systemQueries() {
        return systemQueries;
    }

    Executor executor() {
        return executor;
    }

    SslContext sslContext() {
        return sslContext;
    }

    boolean tlsRequired() {
        return tlsRequired;
    }

    boolean webSocket() {
        return webSocket;
    }

    int maxMessageSize() {
        return maxMessageSize;
    }

    int maxMessageSizeBeforeAuth() {
        return maxMessageSizeBeforeAuth;
    }

    int maxDepth() {
        return maxDepth;
    }

    int maxConnections() {
        return maxConnections;
    }

    Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    Duration authTimeout() {
        return authTimeout;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    Duration recvTimeoutHint() {
        return recvTimeoutHint;
    }

    int writeBufferLowWaterMark() {
        return writeBufferLowWaterMark;
    }

    int writeBufferHighWaterMark() {
        return writeBufferHighWaterMark;
    }

    boolean telemetryEnabled() {
        return telemetryEnabled;
    }

    String defaultDatabase() {
        return defaultDatabase;
    }

    ServerListener listener() {
        return listener;
    }

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    /** The versions, if at least one and all supported; an immutable copy. */
    static List<BoltVersion> checkVersions(List<BoltVersion> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("At least one Bolt version is needed; supported: " + BoltVersion.ALL);
        }
        for (BoltVersion version : versions) {
            if (!BoltVersion.ALL.contains(version)) {
                throw new IllegalArgumentException("Unsupported Bolt version " + version + "; supported: "
                        + BoltVersion.ALL);
            }
        }
        return List.copyOf(versions);
    }

    static String checkAgent(String agent) {
        if (!agent.startsWith(AGENT_PREFIX)) {
            throw new IllegalArgumentException("The official drivers refuse an agent not starting with Neo4j/: " + agent);
        }
        return agent;
    }

    static void checkPositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** Not negative; zero means "never" or "none" for every duration option. */
    static Duration checkDuration(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
        return value;
    }

    static void checkWaterMarks(int low, int high) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("write buffer water marks need 0 <= low <= high: " + low + ", " + high);
        }
    }
}
