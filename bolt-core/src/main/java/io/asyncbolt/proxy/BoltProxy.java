package io.asyncbolt.proxy;

import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.server.AuthToken;
import io.asyncbolt.server.Authenticator;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.server.SystemQueries;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Bolt server in front of another Bolt server (Neo4j, or any): downstream clients connect to the proxy,
 * which authenticates them and runs their work upstream through the asyncbolt client. Each auto-commit
 * query runs in an upstream session of its own and each downstream transaction is one upstream
 * transaction; records stream with back-pressure end to end (the client's PULL n drives the upstream
 * pull, at most one fetch-size batch buffered per result); summaries, bookmarks and errors come back with
 * the upstream's codes, an unreachable upstream as {@code Neo.TransientError.General.DatabaseUnavailable}
 * (which drivers retry). ROUTE is answered with the proxy's own address.
 *
 * <pre>{@code
 * BoltProxy proxy = BoltProxy.builder("neo4j://db:7687")
 *         .upstreamAuth(UpstreamAuth.serviceAccount(AuthToken.basic("gateway", secret), true))
 *         .authenticator(myIdentityProvider)
 *         .port(7687)
 *         .start();
 * }</pre>
 */
public final class BoltProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoltProxy.class);
    /** The name prefix of the proxy's network threads (both sides'). */
    static final String THREAD_PREFIX = "asyncbolt-proxy";

    private final BoltServer server;
    private final UpstreamClients clients;
    private final ProxyHandler handler;
    /** The network threads of both sides when the proxy made them (null when the embedder gave them). */
    private final EventLoopGroup ownThreads;

    private BoltProxy(BoltServer server, UpstreamClients clients, ProxyHandler handler, EventLoopGroup ownThreads) {
        this.server = server;
        this.clients = clients;
        this.handler = handler;
        this.ownThreads = ownThreads;
    }

    /** A proxy to the Bolt server at {@code upstreamUri} ({@code bolt://} or {@code neo4j://}, TLS variants too). */
    public static Builder builder(String upstreamUri) {
        return new Builder(upstreamUri);
    }

    /** The port the proxy listens on. */
    public int port() {
        return server.port();
    }

    /** The address the proxy listens on. */
    public InetSocketAddress localAddress() {
        return server.localAddress();
    }

    /** The downstream server. */
    public BoltServer server() {
        return server;
    }

    /** How many upstream clients (credential sets) are kept; 1 with a service account. */
    public int upstreamClients() {
        return clients.size();
    }

    /** How many downstream transactions currently hold an upstream transaction. */
    public int openTransactions() {
        return handler.openTransactions();
    }

    /**
     * Stops accepting connections, lets running statements and open transactions finish within {@code timeout}
     * (what remains is answered with {@code Neo.TransientError.General.DatabaseUnavailable} and rolled back
     * upstream), then closes the upstream clients. The stage completes when everything is released.
     */
    public CompletableFuture<Void> shutdown(Duration timeout) {
        return server.shutdown(timeout).whenComplete((v, e) -> {
            clients.close();
            releaseThreads();
        });
    }

    /** Stops accepting, closes downstream connections (rolling back their transactions), then the upstream clients. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                clients.close();
            } finally {
                releaseThreads();
            }
        }
    }

    /** Ends the proxy's own network threads; waits for them unless called on one of them. */
    private void releaseThreads() {
        if (ownThreads == null) {
            return;
        }
        io.netty.util.concurrent.Future<?> ended = ownThreads.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        for (io.netty.util.concurrent.EventExecutor loop : ownThreads) {
            if (loop.inEventLoop()) {
                return; // a thread cannot wait for its own end
            }
        }
        ended.syncUninterruptibly();
    }

    /** Collects the proxy's settings; {@link #start()} binds the port. */
    public static final class Builder {

        private final String upstreamUri;
        private UpstreamAuth upstreamAuth;
        private Authenticator authenticator;
        private ClientConfig clientConfig = ClientConfig.defaults();
        private long fetchSize = 1000;
        private String address = "127.0.0.1";
        private int port = 7687;
        private Duration verifyTimeout = Duration.ofSeconds(30);
        private Consumer<BoltServer.Builder> serverCustomizer = b -> { };
        private ProxyPolicy policy = ProxyPolicy.ALLOW_ALL;
        private ProxyAuditListener audit = ProxyAuditListener.NONE;
        private ToIntFunction<Principal> queryLimits = user -> 0;
        private boolean packedRecords = true;

        private Builder(String upstreamUri) {
            this.upstreamUri = Objects.requireNonNull(upstreamUri, "upstreamUri");
        }

        /** How the proxy authenticates upstream (required). */
        public Builder upstreamAuth(UpstreamAuth upstreamAuth) {
            this.upstreamAuth = Objects.requireNonNull(upstreamAuth);
            return this;
        }

        /**
         * Authenticates downstream users. Required with a service account; with pass-through credentials the
         * default asks the upstream whether it accepts them.
         */
        public Builder authenticator(Authenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator);
            return this;
        }

        /**
         * The upstream clients' settings (pool, timeouts, TLS); its fetch size is replaced by {@link #fetchSize}.
         * Its {@link ClientConfig#eventLoopGroup() network threads}, when given, serve the downstream connections
         * too (and stay the embedder's to shut down); by default the proxy makes one set for both sides.
         */
        public Builder clientConfig(ClientConfig clientConfig) {
            this.clientConfig = Objects.requireNonNull(clientConfig);
            return this;
        }

        /**
         * Whether records are passed on in the bytes they came in (default true): their values are checked
         * but not decoded, and written on unchanged to each downstream client whose Bolt version has the
         * upstream's value format (5.x and 6.x among themselves; 4.4 clients get them re-encoded). False
         * decodes and re-encodes every record.
         */
        public Builder packedRecords(boolean packed) {
            this.packedRecords = packed;
            return this;
        }

        /** Records per upstream PULL, the most buffered per result; default 1000. */
        public Builder fetchSize(long fetchSize) {
            if (fetchSize < 1) {
                throw new IllegalArgumentException("fetchSize must be positive, was " + fetchSize);
            }
            this.fetchSize = fetchSize;
            return this;
        }

        /** Decides what downstream users may run; default {@link ProxyPolicy#ALLOW_ALL}. */
        public Builder policy(ProxyPolicy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /** Hears every statement once it ended; default none (see {@link ProxyAuditListener#slf4j()}). */
        public Builder auditListener(ProxyAuditListener audit) {
            this.audit = Objects.requireNonNull(audit);
            return this;
        }

        /**
         * The most statements one user may have running at once, over all their connections (a statement runs
         * from its RUN to the end of its records, in a transaction or not). One more fails with
         * {@code Neo.TransientError.Request.ResourceExhaustion}, which the drivers' managed transactions retry,
         * and is audited as {@code REFUSED}. Default 0: no limit.
         */
        public Builder maxConcurrentQueriesPerUser(int max) {
            return maxConcurrentQueries(user -> max);
        }

        /** Like {@link #maxConcurrentQueriesPerUser(int)} with a limit for each user (e.g. by role); 0 for none. */
        public Builder maxConcurrentQueries(ToIntFunction<Principal> perUser) {
            this.queryLimits = Objects.requireNonNull(perUser);
            return this;
        }

        /** The address to bind; default {@code 127.0.0.1}. */
        public Builder address(String address) {
            this.address = Objects.requireNonNull(address);
            return this;
        }

        /** The port; default 7687, 0 for an ephemeral one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How long pass-through authentication waits for the upstream's answer; default 30 s. */
        public Builder verifyTimeout(Duration timeout) {
            this.verifyTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Adjusts the downstream server (TLS, limits, agent, advertised address...); customizers run in the order
         * given. The query and transaction handlers, authenticator, system queries and listener are the proxy's
         * and must not be replaced.
         */
        public Builder server(Consumer<BoltServer.Builder> customizer) {
            this.serverCustomizer = this.serverCustomizer.andThen(Objects.requireNonNull(customizer));
            return this;
        }

        /** Binds the port and starts serving. */
        public BoltProxy start() {
            if (upstreamAuth == null) {
                throw new IllegalStateException("upstreamAuth is required");
            }
            if (upstreamAuth instanceof UpstreamAuth.ServiceAccount && authenticator == null) {
                throw new IllegalStateException("An authenticator for downstream users is required with a service account");
            }
            int maxClients = upstreamAuth instanceof UpstreamAuth.PassThrough p ? p.maxClients() : 1;
            // one set of network threads for both sides: a request is forwarded, and its answer passed back, on
            // the thread of its downstream connection, which the upstream connection it takes shares
            EventLoopGroup own = clientConfig.eventLoopGroup() != null ? null : new MultiThreadIoEventLoopGroup(0,
                    new DefaultThreadFactory(THREAD_PREFIX), NioIoHandler.newFactory());
            EventLoopGroup threads = own != null ? own : clientConfig.eventLoopGroup();
            UpstreamClients clients = new UpstreamClients(upstreamUri,
                    clientConfig.toBuilder().packedRecords(packedRecords).eventLoopGroup(threads).build(), maxClients);
            ProxyHandler handler = new ProxyHandler(clients, upstreamAuth, fetchSize, policy, audit,
                    new UserQueryLimit(queryLimits));
            Authenticator downstream = upstreamAuth instanceof UpstreamAuth.PassThrough
                    ? passThrough(authenticator, clients, verifyTimeout) : authenticator;
            BoltServer.Builder server = BoltServer.builder().address(address).port(port).eventLoopGroup(threads);
            serverCustomizer.accept(server);
            server.queryHandler(handler).transactionHandler(handler).authenticator(downstream)
                    .systemQueries(SystemQueries.none()).listener(handler);
            try {
                BoltServer started = server.start();
                log.info("Bolt proxy on {} for {}", started.localAddress(), upstreamUri);
                return new BoltProxy(started, clients, handler, own);
            } catch (RuntimeException e) {
                clients.close();
                if (own != null) {
                    own.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                }
                throw e;
            }
        }

        /** Keeps the caller's token for the upstream; checks it with {@code own}, or else with the upstream. */
        private static Authenticator passThrough(Authenticator own, UpstreamClients clients, Duration timeout) {
            return token -> {
                io.asyncbolt.client.AuthToken upstreamToken = new io.asyncbolt.client.AuthToken(token.fields());
                Principal user = own != null ? own.authenticate(token) : verifyUpstream(token, upstreamToken, clients,
                        timeout);
                return new ProxyPrincipal(user, upstreamToken);
            };
        }

        private static Principal verifyUpstream(AuthToken token, io.asyncbolt.client.AuthToken upstreamToken,
                UpstreamClients clients, Duration timeout) throws Exception {
            boolean accepted;
            try {
                accepted = clients.verifier().verifyAuthentication(upstreamToken).toCompletableFuture()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.debug("Could not verify credentials of {} upstream", token.principal(), e);
                throw new BoltException(StatusCodes.UNAUTHORIZED,
                        "The credentials could not be verified: the upstream database is unavailable");
            }
            if (!accepted) {
                throw new BoltException(StatusCodes.UNAUTHORIZED,
                        "The client is unauthorized due to authentication failure.");
            }
            return new io.asyncbolt.server.BoltUser(token.principal() == null ? "anonymous" : token.principal());
        }
    }
}
