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
 * Everything a {@link BoltServer.Builder} collected; immutable. The one place of the server options'
 * defaults ({@code DEFAULT_*}, which the builder starts from) and of their validation: the builder's
 * setters check what they are given with the same methods, and the constructor checks the whole.
 */
record ServerConfig(
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

    /** Until the embedder gives one: every statement is a syntax error. */
    static final QueryHandler NO_QUERY_HANDLER = query -> {
        throw BoltException.syntaxError("No handler for statement: " + query.statement());
    };
    static final String DEFAULT_ADDRESS = "127.0.0.1";
    static final int DEFAULT_PORT = 7687;
    static final List<BoltVersion> DEFAULT_VERSIONS = BoltVersion.ALL;
    static final String DEFAULT_AGENT = "Neo4j/5.26.0";
    static final boolean DEFAULT_WEB_SOCKET = true;
    static final int DEFAULT_MAX_MESSAGE_SIZE = ChunkDecoder.DEFAULT_MAX_MESSAGE_SIZE;
    static final int DEFAULT_MAX_MESSAGE_SIZE_BEFORE_AUTH = 64 * 1024;
    static final int DEFAULT_MAX_DEPTH = Unpacker.DEFAULT_MAX_DEPTH;
    /** No limit. */
    static final int DEFAULT_MAX_CONNECTIONS = 0;
    static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    /** Never. */
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ZERO;
    static final Duration DEFAULT_RECV_TIMEOUT_HINT = Duration.ofSeconds(120);
    static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 32 * 1024;
    static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 256 * 1024;
    static final String DEFAULT_DATABASE = "neo4j";
    static final Duration DEFAULT_ROUTING_TTL = Duration.ofSeconds(300);
    /** The most threads of the handler pool a server makes when given no executor. */
    static final int DEFAULT_HANDLER_THREADS = 512;
    /** The prefix of the HELLO agent without which the official drivers refuse a server. */
    static final String AGENT_PREFIX = "Neo4j/";

    ServerConfig {
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
