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
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * A Bolt client: pooled connections to one server ({@code bolt://}, {@code bolt+s://},
 * {@code bolt+ssc://}) or to a routed cluster ({@code neo4j://} and its {@code +s}/{@code +ssc} forms),
 * sessions for auto-commit, explicit and managed transactions. Thread-safe; create
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

    private static final java.util.Set<String> SCHEMES = java.util.Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j",
            "neo4j+s", "neo4j+ssc");
    /** The name prefix of the client's network threads. */
    static final String THREAD_PREFIX = "asyncbolt-client";
    private static final long INITIAL_RETRY_DELAY_MILLIS = 1000;
    private static final double RETRY_MULTIPLIER = 2.0;
    private static final double RETRY_JITTER = 0.2;

    private final ClientConfig config;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Supplier<AuthToken> auth;
    private final SslContext ssl;
    private final Map<String, Object> routingContext;
    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final String seed;
    private final Router router;

    private BoltClient(URI uri, Supplier<AuthToken> auth, ClientConfig config) {
        this.config = config;
        this.auth = auth;
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("Unsupported URI scheme '" + scheme + "': use one of " + SCHEMES);
        }
        boolean routing = scheme.startsWith("neo4j");
        String security = scheme.contains("+") ? scheme.substring(scheme.indexOf('+') + 1) : "";
        String host = uri.getHost() == null ? "localhost" : uri.getHost();
        int port = uri.getPort() < 0 ? 7687 : uri.getPort();
        this.seed = host + ":" + port;
        this.ssl = config.sslContext() != null ? config.sslContext() : sslFor(security);
        // named so that thread dumps (and the leak checks of the tests) can tell the client's threads apart
        this.group = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(THREAD_PREFIX),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
        if (routing) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("address", seed);
            if (uri.getQuery() != null) {
                for (String pair : uri.getQuery().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        context.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
            this.routingContext = context;
            this.router = new Router(List.of(seed), context, this::pool);
        } else {
            this.routingContext = null;
            this.router = null;
        }
    }

    private ConnectionPool pool(String address) {
        return pools.computeIfAbsent(address, a -> new ConnectionPool(a, config, () -> connect(a), group.next()));
    }

    private CompletionStage<ClientConnection> connect(String address) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        return ClientConnection.open(bootstrap, new InetSocketAddress(host, port), ssl, host, config.versions(),
                config.userAgent(), auth.get().fields(), routingContext, (int) config.connectTimeout().toMillis(),
                config.acquisitionTimeout().toMillis(), config.readTimeout() == null ? 0 : config.readTimeout().toMillis());
    }

    /** A client for {@code uri} with default settings. */
    public static BoltClient create(String uri, AuthToken auth) {
        return create(uri, auth, ClientConfig.defaults());
    }

    public static BoltClient create(String uri, AuthToken auth, ClientConfig config) {
        return new BoltClient(URI.create(uri), () -> auth, config);
    }

    /**
     * A client whose credentials may change (token rotation): {@code tokens} is asked each time a
     * connection is handed out, and a connection that authenticated with another token re-authenticates
     * with LOGOFF/LOGON (Bolt 5.1+) or is replaced (older versions). Must be cheap and non-blocking.
     */
    public static BoltClient create(String uri, Supplier<AuthToken> tokens, ClientConfig config) {
        return new BoltClient(URI.create(uri), tokens, config);
    }

    public BoltSession session() {
        return session(SessionConfig.defaults());
    }

    public BoltSession session(SessionConfig sessionConfig) {
        return new BoltSession(this, sessionConfig);
    }

    /**
     * Proves the server (for {@code neo4j://}: the cluster, through a fresh routing table and one of its
     * readers) is reachable and accepts the client's credentials, with a round trip on the connection.
     */
    public CompletionStage<Void> verifyConnectivity() {
        return serverInfo().thenApply(info -> null);
    }

    /**
     * The address, agent and Bolt version of the server the client reaches (for {@code neo4j://}: a reader
     * of the home database, after fetching a fresh routing table), checked as {@link #verifyConnectivity()}
     * does.
     */
    public CompletionStage<ServerInfo> serverInfo() {
        CompletionStage<ClientConnection> acquired = router == null ? acquireFrom(pool(seed))
                : router.refresh(null, null, List.of()).thenCompose(table -> router.route(null, null, false, List.of()))
                        .thenCompose(route -> acquireFrom(route.members(), 0, false, route.database(), null));
        return acquired.thenCompose(connection -> {
            // a new connection proved itself with HELLO; a pooled one proves it is still alive with RESET
            CompletionStage<Void> alive = connection.reused() ? connection.reset() : CompletableFuture.completedFuture(null);
            return alive.handle((v, e) -> {
                release(connection, e);
                if (e != null) {
                    throw e instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(e);
                }
                return connection.serverInfo();
            });
        });
    }

    /** Whether connections are encrypted (TLS). */
    public boolean isEncrypted() {
        return ssl != null;
    }

    /** Connections in use, idle and waited for: for metrics. */
    public int connectionsInUse() {
        return pools.values().stream().mapToInt(ConnectionPool::inUse).sum();
    }

    public int connectionsIdle() {
        return pools.values().stream().mapToInt(ConnectionPool::idle).sum();
    }

    public int connectionsPending() {
        return pools.values().stream().mapToInt(ConnectionPool::pending).sum();
    }

    /** The settings this client was created with. */
    public ClientConfig config() {
        return config;
    }

    /**
     * A connection for the session's next unit of work: for {@code neo4j://}, a writer or a reader of the
     * session's database, trying the members of the routing table in turn until one answers.
     * {@code resolved} hears the name of the home database when the routing table gives it.
     */
    CompletionStage<ClientConnection> acquire(SessionConfig session, boolean write, java.util.function.Consumer<String> resolved) {
        long start = System.nanoTime();
        CompletionStage<ClientConnection> acquired;
        if (router == null) {
            acquired = acquireFrom(pool(seed));
        } else {
            acquired = router.route(session.database(), session.impersonatedUser(), write, session.bookmarks())
                    .thenCompose(route -> {
                        if (session.database() == null && route.database() != null) {
                            resolved.accept(route.database());
                        }
                        return acquireFrom(route.members(), 0, write, route.database(), null);
                    });
        }
        return acquired.whenComplete((c, e) -> config.listener().acquired(System.nanoTime() - start, e == null));
    }

    private CompletionStage<ClientConnection> acquireFrom(ConnectionPool pool) {
        return pool.acquire().thenCompose(connection -> withCurrentToken(pool, connection));
    }

    /** The first member of {@code members} (from {@code index}) that gives a connection; unreachable ones are forgotten. */
    private CompletionStage<ClientConnection> acquireFrom(List<String> members, int index, boolean write, String database,
            Throwable lastError) {
        if (index >= members.size()) {
            return CompletableFuture.failedFuture(new BoltClientException.SessionExpired("Failed to obtain a connection "
                    + "to a " + (write ? "writer" : "reader") + " of database '" + database + "': " + members
                    + " did not answer", lastError));
        }
        ConnectionPool pool = pool(members.get(index));
        return acquireFrom(pool).handle((connection, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(connection);
            }
            Throwable cause = unwrap(error);
            if (cause instanceof BoltClientException.ServiceUnavailable) {
                router.forget(pool.address());
                return acquireFrom(members, index + 1, write, database, cause);
            }
            return CompletableFuture.<ClientConnection>failedFuture(cause);
        }).thenCompose(java.util.function.Function.identity());
    }

    /** Makes sure the connection speaks for the current token, re-authenticating or replacing it. */
    private CompletionStage<ClientConnection> withCurrentToken(ConnectionPool pool, ClientConnection connection) {
        Map<String, Object> token = auth.get().fields();
        if (token.equals(connection.authToken())) {
            return CompletableFuture.completedFuture(connection);
        }
        if (connection.supportsReauth()) {
            return connection.reauthenticate(token).whenComplete((c, e) -> {
                if (e != null) {
                    pool.release(connection, true);
                }
            });
        }
        connection.close();
        pool.release(connection, false);
        return pool.acquire().thenCompose(next -> withCurrentToken(pool, next));
    }

    /** Gives a connection back after a unit of work; {@code error} is how the work failed, or null. */
    void release(ClientConnection connection, Throwable error) {
        Throwable cause = error == null ? null : unwrap(error);
        if (router != null && cause != null) {
            if (!connection.isOpen() || cause instanceof BoltClientException.ServiceUnavailable) {
                router.forget(connection.address());
            } else if (cause instanceof BoltClientException.SessionExpired) {
                router.forgetWriter(connection.address());
            }
        }
        pool(connection.address()).release(connection, cause != null);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
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
            Throwable cause = unwrap(error);
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

    /** The blocking twin of {@link #retry}: sleeps between attempts on the calling thread. */
    <T> T retryBlocking(Supplier<T> work) {
        long deadline = System.nanoTime() + config.maxRetryTime().toNanos();
        long delay = INITIAL_RETRY_DELAY_MILLIS;
        while (true) {
            try {
                return work.get();
            } catch (BoltClientException e) {
                long jittered = (long) (delay * (1 + ThreadLocalRandom.current().nextDouble(-RETRY_JITTER, RETRY_JITTER)));
                if (!e.isRetryable() || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(jittered) > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(jittered);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                delay = (long) (delay * RETRY_MULTIPLIER);
            }
        }
    }

    /** Closes every connection and releases the threads. */
    @Override
    public void close() {
        CompletableFuture.allOf(pools.values().stream().map(p -> p.close().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).join();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SslContext sslFor(String security) {
        try {
            return switch (security) {
                case "s" -> SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
                case "ssc" -> SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
                default -> null;
            };
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS", e);
        }
    }

    @Override
    public String toString() {
        return "BoltClient{" + (router != null ? "neo4j://" : "bolt://") + seed + "}";
    }
}
