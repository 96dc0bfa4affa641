package io.asyncbolt.client;

import io.asyncbolt.internal.EventLoops;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(BoltClient.class);

    private static final java.util.Set<String> SCHEMES = java.util.Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j",
            "neo4j+s", "neo4j+ssc");
    /** The name prefix of the client's network threads. */
    static final String THREAD_PREFIX = "asyncbolt-client";
    private static final long INITIAL_RETRY_DELAY_MILLIS = 1000;
    private static final double RETRY_MULTIPLIER = 2.0;
    private static final double RETRY_JITTER = 0.2;

    private final ClientConfig config;
    private final EventLoopGroup group;
    /** True when the group is the embedder's ({@link ClientConfig#eventLoopGroup()}): shared, not shut down. */
    private final boolean sharedGroup;
    private final Bootstrap bootstrap;
    private final AuthTokenManager auth;
    private final SslContext ssl;
    private final Map<String, Object> routingContext;
    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final String seed;
    private final Router router;
    private final BookmarkManager queryBookmarks = BookmarkManager.create();

    private BoltClient(URI uri, AuthTokenManager auth, ClientConfig config) {
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
        this.ssl = config.sslContext() != null ? config.sslContext() : sslFor(security, config);
        // named so that thread dumps (and the leak checks of the tests) can tell the client's threads apart
        this.sharedGroup = config.eventLoopGroup() != null;
        this.group = sharedGroup ? config.eventLoopGroup()
                : new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(THREAD_PREFIX), NioIoHandler.newFactory());
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
            this.router = new Router(this::seeds, context, this::pool, this::connectionTo, config.clock());
        } else {
            this.routingContext = null;
            this.router = null;
        }
    }

    /** The addresses the URI's host:port stands for: itself, or what the configured resolver says. */
    private List<String> seeds() {
        if (config.resolver() == null) {
            return List.of(seed);
        }
        List<String> resolved = config.resolver().apply(seed);
        return resolved == null || resolved.isEmpty() ? List.of(seed) : resolved;
    }

    /** A direct connection: to the URI's address, or to the first of the resolved ones that answers. */
    private CompletionStage<ClientConnection> acquireDirect(AuthToken sessionAuth) {
        if (config.resolver() == null) {
            return connectionTo(seed, sessionAuth);
        }
        return acquireFrom(seeds(), 0, true, null, sessionAuth, null);
    }

    private ConnectionPool pool(String address) {
        return pools.computeIfAbsent(address, a -> new ConnectionPool(a, config,
                (token, managed) -> connect(a, token, managed), group.next(), sharedGroup ? group : null));
    }

    private CompletionStage<ClientConnection> connect(String address, AuthToken token, boolean managed) {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        InetAddress[] ips;
        try {
            ips = config.domainNameResolver().resolve(host);
            if (ips == null || ips.length == 0) {
                throw new UnknownHostException(host + ": no address");
            }
        } catch (UnknownHostException | RuntimeException e) {
            return CompletableFuture.failedFuture(new BoltClientException.ServiceUnavailable(
                    "Unable to resolve " + host + ": " + e.getMessage(), e));
        }
        return openFirstAnswering(ips, 0, host, port, token, managed).thenApply(connection -> {
                    if (router != null) {
                        // like the official drivers: a member whose connection fails mid-work leaves the tables now
                        connection.onLost(() -> router.forget(address));
                    }
                    return connection;
                });
    }

    /** Opens a connection to the first of a host's addresses that can be reached, trying them in order. */
    private CompletionStage<ClientConnection> openFirstAnswering(InetAddress[] ips, int index, String host, int port,
            AuthToken token, boolean managed) {
        CompletionStage<ClientConnection> opened = ClientConnection.open(bootstrapForCaller(),
                new InetSocketAddress(ips[index], port),
                ssl, host, config, token, managed, this::securityError, routingContext);
        if (index + 1 == ips.length) {
            return opened;
        }
        return opened.handle((connection, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof BoltClientException.ServiceUnavailable) {
                log.debug("{} ({}) cannot be reached, trying its next address: {}", host, ips[index], cause.getMessage());
                return openFirstAnswering(ips, index + 1, host, port, token, managed);
            }
            return error == null ? CompletableFuture.completedFuture(connection)
                    : CompletableFuture.<ClientConnection>failedFuture(cause);
        }).thenCompose(stage -> stage);
    }

    /**
     * With a shared group, new connections go to the caller's network thread when it is one of the group's (a
     * server connection forwarding its work keeps it on its thread); otherwise to the group's next thread.
     */
    private Bootstrap bootstrapForCaller() {
        io.netty.channel.EventLoop callerLoop = sharedGroup ? EventLoops.callerLoop(group) : null;
        return callerLoop == null ? bootstrap : bootstrap.clone(callerLoop);
    }

    /** A connection's request failed with a security error while it spoke for the manager's token. */
    private void securityError(ClientConnection connection, BoltClientException error) {
        if (auth.handleSecurityException(connection.authToken(), error)) {
            error.handledByAuthManager();
        }
    }

    /**
     * A connection to {@code address} speaking for {@code sessionAuth}, or for the manager's current token
     * (asked once per acquisition).
     */
    private CompletionStage<ClientConnection> connectionTo(String address, AuthToken sessionAuth) {
        ConnectionPool pool = pool(address);
        CompletionStage<AuthToken> token = sessionAuth != null ? CompletableFuture.completedFuture(sessionAuth)
                : auth.getToken();
        boolean managed = sessionAuth == null;
        AuthToken ready = Stages.doneValue(token);
        if (ready != null) { // the usual case (a fixed token, a pooled connection): no stages in between
            CompletionStage<ClientConnection> pooled = pool.acquire(ready, managed);
            ClientConnection connection = Stages.doneValue(pooled);
            return connection != null ? withToken(pool, connection, ready, managed)
                    : pooled.thenCompose(c -> withToken(pool, c, ready, managed));
        }
        return token.thenCompose(t -> pool.acquire(t, managed).thenCompose(c -> withToken(pool, c, t, managed)));
    }

    /** A client for {@code uri} with default settings. */
    public static BoltClient create(String uri, AuthToken auth) {
        return create(uri, auth, ClientConfig.defaults());
    }

    public static BoltClient create(String uri, AuthToken auth, ClientConfig config) {
        return new BoltClient(URI.create(uri), AuthTokenManager.fixed(auth), config);
    }

    /**
     * A client whose credentials come from {@code auth} (password rotation, expiring tokens; see
     * {@link AuthTokenManager#basic} and {@link AuthTokenManager#bearer}): asked once per acquisition;
     * a pooled connection that authenticated with another token re-authenticates (LOGOFF/LOGON, Bolt
     * 5.1+) or is replaced (older versions).
     */
    public static BoltClient create(String uri, AuthTokenManager auth, ClientConfig config) {
        return new BoltClient(URI.create(uri), auth, config);
    }

    /**
     * A client whose credentials may change (token rotation): {@code tokens} is asked each time a
     * connection is handed out, and a connection that authenticated with another token re-authenticates
     * with LOGOFF/LOGON (Bolt 5.1+) or is replaced (older versions). Must be cheap and non-blocking.
     */
    public static BoltClient create(String uri, Supplier<AuthToken> tokens, ClientConfig config) {
        return new BoltClient(URI.create(uri), new AuthTokenManager() {
            @Override
            public CompletionStage<AuthToken> getToken() {
                return CompletableFuture.completedFuture(tokens.get());
            }

            @Override
            public boolean handleSecurityException(AuthToken token, BoltClientException error) {
                return false;
            }
        }, config);
    }

    public BoltSession session() {
        return session(SessionConfig.defaults());
    }

    public BoltSession session(SessionConfig sessionConfig) {
        return new BoltSession(this, sessionConfig);
    }

    /** {@link #executeQuery(String, Map, QueryConfig)} with the default configuration (write, home database). */
    public CompletionStage<EagerResult> executeQuery(String query, Map<String, Object> parameters) {
        return executeQuery(query, parameters, QueryConfig.DEFAULT);
    }

    /**
     * Runs one query in a managed transaction (retried on transient errors), reads all of its records and
     * gives them with the summary; by default chained with the client's
     * {@linkplain #executeQueryBookmarkManager() bookmark manager} so that each query sees the effects of
     * the previous ones.
     */
    public CompletionStage<EagerResult> executeQuery(String query, Map<String, Object> parameters, QueryConfig queryConfig) {
        BookmarkManager manager = queryConfig.bookmarkManager() == QueryConfig.CLIENT_BOOKMARK_MANAGER ? queryBookmarks
                : queryConfig.bookmarkManager();
        BoltSession session = session(new SessionConfig(queryConfig.database(), queryConfig.readOnly(), List.of(), 0,
                queryConfig.impersonatedUser(), manager, null, queryConfig.auth()));
        java.util.function.Function<BoltTransaction, CompletionStage<EagerResult>> work = tx -> tx.run(query, parameters)
                .thenCompose(cursor -> cursor.listAsync().thenCompose(records -> cursor.consumeAsync()
                        .thenApply(summary -> new EagerResult(cursor.keys(), records, summary))));
        CompletionStage<EagerResult> result = session.executeManaged(work, queryConfig.transaction(),
                !queryConfig.readOnly(), BoltSession.TELEMETRY_EXECUTE_QUERY);
        return result.whenComplete((r, e) -> session.closeAsync());
    }

    /** The bookmark manager that chains {@link #executeQuery} calls. */
    public BookmarkManager executeQueryBookmarkManager() {
        return queryBookmarks;
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
        CompletionStage<ClientConnection> acquired = router == null ? acquireDirect(null)
                : router.refresh(null, null, List.of()).thenApply(table -> router.members(table, false))
                        .thenCompose(route -> acquireFrom(route.members(), 0, false, route.database(), null, null));
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

    /**
     * The routing table the client holds for {@code database} (null: the home database), if it fetched
     * one; empty for {@code bolt://} clients.
     */
    public java.util.Optional<RoutingTableInfo> routingTable(String database) {
        Router.Table table = router == null ? null : router.current(database, null);
        return java.util.Optional.ofNullable(table).map(RoutingTableInfo::of);
    }

    /** Fetches the routing table of {@code database} (null: the home database) now; {@code neo4j://} only. */
    public CompletionStage<RoutingTableInfo> refreshRoutingTable(String database, List<String> bookmarks) {
        if (router == null) {
            return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A",
                    "Routing tables exist for neo4j:// URIs only; this client is " + this, null));
        }
        return router.refresh(database, null, bookmarks == null ? List.of() : bookmarks).thenApply(RoutingTableInfo::of);
    }

    /** Connections of one server's pool. */
    public record PoolMetrics(int inUse, int idle) {
    }

    /** The connections to {@code address} ({@code host:port}) in use and idle. */
    public PoolMetrics poolMetrics(String address) {
        ConnectionPool pool = pools.get(address);
        return pool == null ? new PoolMetrics(0, 0) : new PoolMetrics(pool.inUse(), pool.idle());
    }

    /** Whether the server has several databases (Bolt 4.0+: every version this client speaks); connects to find out. */
    public CompletionStage<Boolean> supportsMultiDatabase() {
        return serverInfo().thenApply(info -> info.protocolVersion().major() >= 4);
    }

    /** Whether sessions may bring their own credentials (Bolt 5.1+ re-authentication); connects to find out. */
    public CompletionStage<Boolean> supportsSessionAuth() {
        return serverInfo().thenApply(info -> info.protocolVersion().isAtLeast(io.asyncbolt.protocol.BoltVersion.V5_1));
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
     *
     * @param routeBookmarks asked only when a routing table has to be fetched
     * @param resolved       hears the name of the home database when the routing table gives it
     */
    CompletionStage<ClientConnection> acquire(SessionConfig session, boolean write,
            Supplier<List<String>> routeBookmarks, java.util.function.Consumer<String> resolved) {
        long start = System.nanoTime();
        AuthToken sessionAuth = session.auth();
        CompletionStage<ClientConnection> acquired;
        if (router == null) {
            acquired = acquireDirect(sessionAuth);
        } else {
            acquired = router.route(session.database(), session.impersonatedUser(), write, routeBookmarks, sessionAuth)
                    .thenCompose(route -> {
                        if (session.database() == null && route.database() != null) {
                            resolved.accept(route.database());
                        }
                        return acquireFrom(route.members(), 0, write, route.database(), sessionAuth, null);
                    });
        }
        if (acquired instanceof CompletableFuture<ClientConnection> f && f.isDone()) {
            config.listener().acquired(System.nanoTime() - start, !f.isCompletedExceptionally());
            return acquired;
        }
        return acquired.whenComplete((c, e) -> config.listener().acquired(System.nanoTime() - start, e == null));
    }



    /** The first member of {@code members} (from {@code index}) that gives a connection; unreachable ones are forgotten. */
    private CompletionStage<ClientConnection> acquireFrom(List<String> members, int index, boolean write, String database,
            AuthToken sessionAuth, Throwable lastError) {
        if (index >= members.size()) {
            if (router == null) {
                return CompletableFuture.failedFuture(lastError instanceof BoltClientException e ? e
                        : new BoltClientException.ServiceUnavailable("None of " + members + " answered", lastError));
            }
            return CompletableFuture.failedFuture(new BoltClientException.SessionExpired("Failed to obtain a connection "
                    + "to a " + (write ? "writer" : "reader") + " of database '" + database + "': " + members
                    + " did not answer", lastError));
        }
        String member = members.get(index);
        return connectionTo(member, sessionAuth).handle((connection, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(connection);
            }
            Throwable cause = unwrap(error);
            if (cause instanceof BoltClientException.ServiceUnavailable) {
                if (router != null) {
                    router.forget(member);
                }
                return acquireFrom(members, index + 1, write, database, sessionAuth, cause);
            }
            return CompletableFuture.<ClientConnection>failedFuture(cause);
        }).thenCompose(java.util.function.Function.identity());
    }

    /**
     * Makes sure the connection speaks for {@code token}: re-authenticates it (LOGOFF/LOGON, Bolt 5.1+) or,
     * for the client's own token on older versions, replaces it; a session's token on older versions is
     * refused.
     */
    private CompletionStage<ClientConnection> withToken(ConnectionPool pool, ClientConnection connection,
            AuthToken token, boolean managed) {
        if (!managed && !connection.supportsReauth()) {
            pool.release(connection, false);
            return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A",
                    "Session-level authentication needs Bolt 5.1 or later; the server speaks " + connection.version(),
                    null));
        }
        boolean expired = connection.takeReauthenticationRequired();
        if (token.equals(connection.authToken()) && !expired) {
            connection.managedAuth(managed);
            return connection.asCompleted();
        }
        if (connection.supportsReauth()) {
            return connection.reauthenticate(token, managed).whenComplete((c, e) -> {
                if (e != null) {
                    pool.release(connection, true);
                }
            });
        }
        connection.close();
        pool.release(connection, false);
        // like the official drivers: the replacement asks the manager for its token itself
        return auth.getToken().thenCompose(fresh -> pool.acquire(fresh, true)
                .thenCompose(next -> withToken(pool, next, fresh, true)));
    }

    /** The security codes that say "these credentials are refused" (verifyAuthentication: false). */
    private static final java.util.Set<String> REFUSED_CREDENTIALS = java.util.Set.of(
            "Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Security.CredentialsExpired",
            "Neo.ClientError.Security.Forbidden", "Neo.ClientError.Security.TokenExpired");

    /**
     * Whether the server accepts {@code token}: true when it does, false when it refuses it (unauthorized,
     * forbidden, credentials or token expired); other failures (unreachable server, rate limit...) fail
     * the stage.
     */
    public CompletionStage<Boolean> verifyAuthentication(AuthToken token) {
        CompletionStage<ClientConnection> acquired = router == null ? acquireDirect(token)
                // like the official drivers: a reader of the system database, which every user may reach
                : router.route("system", null, false, List::of, token)
                        .thenCompose(route -> acquireFrom(route.members(), 0, false, route.database(), token, null));
        // a pooled connection re-authenticates pipelined: wait for its LOGON's answer
        CompletionStage<ClientConnection> verified = acquired.thenCompose(connection -> (connection.reused()
                && connection.supportsReauth() && !connection.authenticationPending()
                // a connection that authenticated with this token earlier proves nothing now: log on again
                ? connection.reauthenticate(token, false) : CompletableFuture.completedFuture(connection))
                .thenCompose(ClientConnection::authenticated)
                .handle((v, e) -> {
                    if (e != null) {
                        release(connection, e);
                        throw e instanceof java.util.concurrent.CompletionException c ? c
                                : new java.util.concurrent.CompletionException(e);
                    }
                    return connection;
                }));
        return verified.handle((connection, error) -> {
            if (error == null) {
                release(connection, null);
                return true;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof BoltClientException.Authentication auth && REFUSED_CREDENTIALS.contains(auth.code())) {
                return false;
            }
            throw cause instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(cause);
        });
    }

    /** Gives a connection back after a unit of work; {@code error} is how the work failed, or null. */
    void release(ClientConnection connection, Throwable error) {
        release(connection, error, null);
    }

    /**
     * Gives a connection back after a unit of work in {@code database} (null: unknown); {@code error} is how
     * the work failed, or null.
     */
    void release(ClientConnection connection, Throwable error, String database) {
        Throwable cause = error == null ? null : unwrap(error);
        if (cause instanceof BoltClientException.Authentication expired
                && "Neo.ClientError.Security.AuthorizationExpired".equals(expired.code())) {
            pool(connection.address()).markAllStale();
        }
        if (router != null && cause != null) {
            if ((!connection.isOpen() && !connection.hungUpAfterFailure())
                    || cause instanceof BoltClientException.ServiceUnavailable
                    || (cause instanceof BoltClientException.Transient t
                            && "Neo.TransientError.General.DatabaseUnavailable".equals(t.code()))) {
                // like the official drivers: a member whose database is unavailable is avoided until the next table
                router.forget(connection.address());
            } else if (cause instanceof BoltClientException.SessionExpired) {
                router.forgetWriter(connection.address(), database);
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
        if (!sharedGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * TLS for the URI's scheme ({@code +s}: the system's trust with hostname verification; {@code +ssc}:
     * any certificate), for configured trusted certificates (whatever the scheme), with the client
     * certificate when one is configured; null for plain TCP.
     */
    private static SslContext sslFor(String security, ClientConfig config) {
        boolean trusted = !config.trustedCertificates().isEmpty();
        if (!trusted && security.isEmpty()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (trusted) {
                builder.trustManager(config.trustedCertificates().toArray(java.security.cert.X509Certificate[]::new))
                        .endpointIdentificationAlgorithm("HTTPS");
            } else if (security.equals("ssc")) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else {
                builder.endpointIdentificationAlgorithm("HTTPS");
            }
            ClientConfig.ClientCertificate mine = config.clientCertificate();
            if (mine != null) {
                builder.keyManager(mine.key(), mine.chain().toArray(java.security.cert.X509Certificate[]::new));
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "BoltClient{" + (router != null ? "neo4j://" : "bolt://") + seed + "}";
    }
}
