package io.asyncbolt.client;

import io.asyncbolt.protocol.BoltVersion;
import io.netty.handler.ssl.SslContext;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Client settings; defaults follow the official driver and Spring Boot's {@code spring.neo4j.*}.
 *
 * @param maxPoolSize              connections per server (100)
 * @param acquisitionTimeout       how long to wait for a pooled connection (60 s)
 * @param maxWaiters               callers allowed to wait for a connection at once (1000)
 * @param maxConnectionLifetime    connections older than this are closed instead of reused (1 h)
 * @param livenessCheckAfter       idle time after which a connection is checked with RESET before reuse (null: never)
 * @param connectTimeout           TCP connect (30 s); TLS, handshake and authentication count towards the
 *                                 acquisition timeout, as in the official drivers
 * @param readTimeout              the longest silence from the server while an answer is awaited, after which the
 *                                 connection is closed and its requests fail with {@link BoltClientException.ServiceUnavailable}
 *                                 (null: none); a shorter {@code connection.recv_timeout_seconds} hint from the server wins
 * @param maxRetryTime             how long managed transactions keep retrying (30 s)
 * @param fetchSize                records per PULL (1000; -1 for all)
 * @param userAgent                sent in HELLO
 * @param versions                 the Bolt versions to offer
 * @param sslContext               TLS for {@code +s}/{@code +ssc} URIs or a custom trust; null for plain TCP
 * @param listener                 hears acquisitions and query outcomes, e.g. for metrics
 * @param notificationConfig       the notifications results carry (HELLO, Bolt 5.2+); sessions may override it
 * @param resolver                 turns the URI's {@code host:port} into the addresses to try, in order (for
 *                                 {@code neo4j://}: the routers to ask first); null for the address itself
 * @param trustedCertificates      certificates to trust instead of the system's (with hostname verification);
 *                                 TLS is then used whatever the URI's scheme; empty for the scheme's default
 * @param clientCertificate        the client's own certificate for mutual TLS, or null
 * @param clock                    the time that routing-table TTLs, connection lifetimes and liveness checks
 *                                 are measured in (the system's UTC clock; another one for tests)
 * @param telemetryDisabled        never send TELEMETRY (which API ran the work), even when the server asks
 * @param domainNameResolver       host name to IP addresses, tried in order ({@link DomainNameResolver#SYSTEM})
 * @param packedRecords            records keep their values in wire form, checked on arrival but decoded only when
 *                                 first read, and a server of this library writes them on without re-encoding
 *                                 (for forwarding, as {@link io.asyncbolt.proxy.BoltProxy} does); false by default
 * @param eventLoopGroup           network threads shared with other Netty code, e.g. those of a
 *                                 {@link io.asyncbolt.server.BoltServer} in the same process; the client prefers a
 *                                 connection on the calling network thread and opens new ones there, so work
 *                                 forwarded from a server connection stays on its thread, and never shuts the
 *                                 group down; null (the default) for threads of the client's own
 */
public record ClientConfig(int maxPoolSize, Duration acquisitionTimeout, int maxWaiters, Duration maxConnectionLifetime,
        Duration livenessCheckAfter, Duration connectTimeout, Duration readTimeout, Duration maxRetryTime,
        long fetchSize, String userAgent, List<BoltVersion> versions, SslContext sslContext, ClientListener listener,
        NotificationConfig notificationConfig, java.util.function.Function<String, List<String>> resolver,
        List<X509Certificate> trustedCertificates, ClientCertificate clientCertificate, java.time.Clock clock,
        boolean telemetryDisabled, DomainNameResolver domainNameResolver, boolean packedRecords,
        io.netty.channel.EventLoopGroup eventLoopGroup) {

    /**
     * A client certificate for mutual TLS.
     *
     * @param key   the private key
     * @param chain the certificate and its chain, leaf first
     */
    public record ClientCertificate(java.security.PrivateKey key, List<X509Certificate> chain) {
        public ClientCertificate {
            Objects.requireNonNull(key, "key");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("A client certificate needs at least its own certificate");
            }
        }
    }

    public ClientConfig {
        Objects.requireNonNull(acquisitionTimeout);
        Objects.requireNonNull(connectTimeout);
        if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
            readTimeout = null;
        }
        versions = List.copyOf(versions);
        listener = listener == null ? ClientListener.NONE : listener;
        notificationConfig = notificationConfig == null ? NotificationConfig.DEFAULT : notificationConfig;
        trustedCertificates = trustedCertificates == null ? List.of() : List.copyOf(trustedCertificates);
        clock = clock == null ? java.time.Clock.systemUTC() : clock;
        domainNameResolver = domainNameResolver == null ? DomainNameResolver.SYSTEM : domainNameResolver;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1: " + maxPoolSize);
        }
    }

    public static ClientConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxPoolSize = maxPoolSize;
        b.acquisitionTimeout = acquisitionTimeout;
        b.maxWaiters = maxWaiters;
        b.maxConnectionLifetime = maxConnectionLifetime;
        b.livenessCheckAfter = livenessCheckAfter;
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.maxRetryTime = maxRetryTime;
        b.fetchSize = fetchSize;
        b.userAgent = userAgent;
        b.versions = versions;
        b.sslContext = sslContext;
        b.listener = listener;
        b.notificationConfig = notificationConfig;
        b.resolver = resolver;
        b.trustedCertificates = trustedCertificates;
        b.clientCertificate = clientCertificate;
        b.clock = clock;
        b.telemetryDisabled = telemetryDisabled;
        b.domainNameResolver = domainNameResolver;
        b.packedRecords = packedRecords;
        b.eventLoopGroup = eventLoopGroup;
        return b;
    }

    /** Builds a {@link ClientConfig}. */
    public static final class Builder {
        private int maxPoolSize = 100;
        private Duration acquisitionTimeout = Duration.ofSeconds(60);
        private int maxWaiters = 1000;
        private Duration maxConnectionLifetime = Duration.ofHours(1);
        private Duration livenessCheckAfter;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration readTimeout;
        private Duration maxRetryTime = Duration.ofSeconds(30);
        private long fetchSize = 1000;
        private String userAgent = "asyncbolt/0.1";
        private List<BoltVersion> versions = BoltVersion.ALL;
        private SslContext sslContext;
        private ClientListener listener = ClientListener.NONE;
        private NotificationConfig notificationConfig = NotificationConfig.DEFAULT;
        private java.util.function.Function<String, List<String>> resolver;
        private List<X509Certificate> trustedCertificates = List.of();
        private ClientCertificate clientCertificate;
        private java.time.Clock clock;
        private boolean telemetryDisabled;
        private boolean packedRecords;
        private io.netty.channel.EventLoopGroup eventLoopGroup;
        private DomainNameResolver domainNameResolver = DomainNameResolver.SYSTEM;

        private Builder() {
        }

        public Builder maxPoolSize(int size) {
            this.maxPoolSize = size;
            return this;
        }

        public Builder acquisitionTimeout(Duration timeout) {
            this.acquisitionTimeout = timeout;
            return this;
        }

        public Builder maxWaiters(int waiters) {
            this.maxWaiters = waiters;
            return this;
        }

        public Builder maxConnectionLifetime(Duration lifetime) {
            this.maxConnectionLifetime = lifetime;
            return this;
        }

        public Builder livenessCheckAfter(Duration idle) {
            this.livenessCheckAfter = idle;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** See {@link ClientConfig#readTimeout()}; null or zero for none. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Trusts these certificates (a private CA or self-signed server certificates) instead of the system's,
         * with hostname verification: sets the {@link #sslContext(SslContext) SslContext}, so TLS is used
         * whatever the URI's scheme.
         */
        public Builder trustedCertificates(X509Certificate... certificates) {
            if (certificates.length == 0) {
                throw new IllegalArgumentException("No certificate to trust");
            }
            this.trustedCertificates = List.of(certificates);
            return this;
        }

        /** Whether to refuse the server's request for TELEMETRY (Bolt 5.4+): which API (transaction functions,
         * explicit transactions, auto-commit queries, executeQuery) the work came from. */
        public Builder telemetryDisabled(boolean disabled) {
            this.telemetryDisabled = disabled;
            return this;
        }

        /** Measures routing-table TTLs, connection lifetimes and liveness checks with {@code clock}. */
        public Builder clock(java.time.Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Presents this certificate to servers that ask for one (mutual TLS). */
        public Builder clientCertificate(java.security.PrivateKey key, X509Certificate... chain) {
            this.clientCertificate = new ClientCertificate(key, List.of(chain));
            return this;
        }

        public Builder maxRetryTime(Duration time) {
            this.maxRetryTime = time;
            return this;
        }

        public Builder fetchSize(long fetchSize) {
            this.fetchSize = fetchSize;
            return this;
        }

        public Builder userAgent(String userAgent) {
            this.userAgent = userAgent;
            return this;
        }

        public Builder versions(List<BoltVersion> versions) {
            this.versions = versions;
            return this;
        }

        public Builder sslContext(SslContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder listener(ClientListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder notificationConfig(NotificationConfig notifications) {
            this.notificationConfig = notifications;
            return this;
        }

        /**
         * Resolves the URI's {@code host:port} into the addresses to try instead (a custom resolver, as
         * the official drivers' {@code ServerAddressResolver}); called whenever the seed is needed.
         */
        public Builder resolver(java.util.function.Function<String, List<String>> resolver) {
            this.resolver = resolver;
            return this;
        }

        /**
         * Resolves host names into the IP addresses to try, in order (the system's resolver by default); for
         * service discovery of your own, or tests that give several names to one machine.
         */
        public Builder domainNameResolver(DomainNameResolver domainNameResolver) {
            this.domainNameResolver = domainNameResolver;
            return this;
        }

        /**
         * Keeps record values in their wire form until first read, and lets a server of this library write
         * them on without re-encoding them (see {@link ClientConfig#packedRecords()}).
         */
        public Builder packedRecords(boolean packed) {
            this.packedRecords = packed;
            return this;
        }

        /**
         * Runs the client's connections on {@code group}, shared with other Netty code, instead of threads of
         * its own (see {@link ClientConfig#eventLoopGroup()}); the client does not shut it down. Null for its own.
         */
        public Builder eventLoopGroup(io.netty.channel.EventLoopGroup group) {
            this.eventLoopGroup = group;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(maxPoolSize, acquisitionTimeout, maxWaiters, maxConnectionLifetime,
                    livenessCheckAfter, connectTimeout, readTimeout, maxRetryTime, fetchSize, userAgent, versions, sslContext,
                    listener, notificationConfig, resolver, trustedCertificates, clientCertificate, clock,
                    telemetryDisabled, domainNameResolver, packedRecords, eventLoopGroup);
        }
    }
}
