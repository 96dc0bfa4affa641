package io.asyncbolt.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * A Bolt client: pooled connections to one server ({@code bolt://}, {@code bolt+s://},
 * {@code bolt+ssc://}), sessions for auto-commit, explicit and managed transactions. Thread-safe; create
 * one per application and close it at the end.
 *
 * <pre>{@code
 * try (BoltClient client = BoltClient.create("bolt://localhost:7687", AuthToken.basic("neo4j", "secret"))) {
 *     List<Record> rows = client.session().run("RETURN 1 AS x")
 *             .thenCompose(ResultCursor::listAsync).toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class BoltClient implements AutoCloseable {

    private static final long INITIAL_RETRY_DELAY_MILLIS = 1000;
    private static final double RETRY_MULTIPLIER = 2.0;
    private static final double RETRY_JITTER = 0.2;

    private final ClientConfig config;
    private final EventLoopGroup group;
    private final ConnectionPool pool;

    private BoltClient(URI uri, AuthToken auth, ClientConfig config) {
        this.config = config;
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("bolt") && !scheme.equals("bolt+s") && !scheme.equals("bolt+ssc")) {
            throw new IllegalArgumentException("Unsupported URI scheme '" + scheme
                    + "': use bolt, bolt+s or bolt+ssc (routing schemes come with the routing client)");
        }
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 7687 : uri.getPort();
        SslContext ssl = config.sslContext() != null ? config.sslContext() : sslFor(scheme);
        this.group = new MultiThreadIoEventLoopGroup(0, NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        Supplier<CompletionStage<ClientConnection>> factory = () -> ClientConnection.open(bootstrap,
                new InetSocketAddress(host, port), ssl, host, config.versions(), config.userAgent(), auth.fields(),
                null, (int) config.connectTimeout().toMillis());
        this.pool = new ConnectionPool(host + ":" + port, config, factory, group.next());
    }

    /** A client for {@code uri} with default settings. */
    public static BoltClient create(String uri, AuthToken auth) {
        return create(uri, auth, ClientConfig.defaults());
    }

    public static BoltClient create(String uri, AuthToken auth, ClientConfig config) {
        return new BoltClient(URI.create(uri), auth, config);
    }

    public BoltSession session() {
        return session(SessionConfig.defaults());
    }

    public BoltSession session(SessionConfig sessionConfig) {
        return new BoltSession(this, sessionConfig);
    }

    /** Opens (or borrows) a connection and gives it back: proves the server is reachable and accepts us. */
    public CompletionStage<Void> verifyConnectivity() {
        return pool.acquire().thenAccept(c -> pool.release(c, false));
    }

    /** Connections in use, idle and waited for: for metrics. */
    public int connectionsInUse() {
        return pool.inUse();
    }

    public int connectionsIdle() {
        return pool.idle();
    }

    public int connectionsPending() {
        return pool.pending();
    }

    ClientConfig config() {
        return config;
    }

    CompletionStage<ClientConnection> acquire(SessionConfig session) {
        return pool.acquire();
    }

    void release(ClientConnection connection, boolean dirty) {
        pool.release(connection, dirty);
    }

    /** Runs {@code work} until it succeeds, fails for good, or the retry time is used up. */
    <T> CompletionStage<T> retry(Supplier<CompletionStage<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(work, result, System.nanoTime() + config.maxRetryTime().toNanos(), INITIAL_RETRY_DELAY_MILLIS);
        return result;
    }

    private <T> void attempt(Supplier<CompletionStage<T>> work, CompletableFuture<T> result, long deadline, long delay) {
        CompletionStage<T> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            long jittered = (long) (delay * (1 + ThreadLocalRandom.current().nextDouble(-RETRY_JITTER, RETRY_JITTER)));
            if (!(cause instanceof BoltClientException bolt) || !bolt.isRetryable()
                    || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jittered) > deadline) {
                result.completeExceptionally(cause);
                return;
            }
            group.next().schedule(() -> attempt(work, result, deadline, (long) (delay * RETRY_MULTIPLIER)),
                    jittered, TimeUnit.MILLISECONDS);
        });
    }

    /** Closes every connection and releases the threads. */
    @Override
    public void close() {
        pool.close().toCompletableFuture().join();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SslContext sslFor(String scheme) {
        try {
            return switch (scheme) {
                case "bolt+s" -> SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
                case "bolt+ssc" -> SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .build();
                default -> null;
            };
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS for " + scheme, e);
        }
    }

    @Override
    public String toString() {
        return "BoltClient" + Map.of("server", pool.address());
    }
}
