package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltVersion;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/** Everything a {@link BoltServer.Builder} collected; immutable. */
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
}
