package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.ClientConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of the auto-configured {@link io.asyncbolt.client.BoltClient} ({@code bolt.client.*}); the
 * defaults are bolt-core's ({@link ClientConfig#defaults()}).
 */
@ConfigurationProperties("bolt.client")
public class BoltClientProperties {

    private static final ClientConfig DEFAULTS = ClientConfig.defaults();

    /** The server URI: bolt://, bolt+s://, bolt+ssc://, neo4j://, neo4j+s:// or neo4j+ssc://. */
    private String uri;

    /** The database to use when none is given; default the user's home database. */
    private String database;

    /** How long managed transactions keep retrying transient errors. */
    private Duration maxRetryTime = DEFAULTS.maxRetryTime();

    /** Records per PULL; -1 for all at once. */
    private long fetchSize = DEFAULTS.fetchSize();

    /** TCP connect plus Bolt handshake timeout. */
    private Duration connectTimeout = DEFAULTS.connectTimeout();

    /**
     * Longest silence from the server while an answer is awaited before the connection is given up (the
     * query fails as service unavailable); unset for none beyond the server's own recv_timeout hint.
     */
    private Duration readTimeout;

    /** Credentials the client presents. */
    private final Authentication authentication = new Authentication();

    /** Connection pool settings. */
    private final Pool pool = new Pool();

    /** The SSL bundle whose trust store verifies the server (and whose key, if any, is the client's). */
    private String sslBundle;

    /** Fails with the offending property's name when a value cannot work. */
    void validate() {
        if (pool.maxConnectionPoolSize <= 0) {
            throw invalid("pool.max-connection-pool-size", pool.maxConnectionPoolSize, "must be positive");
        }
        if (fetchSize != -1 && fetchSize <= 0) {
            throw invalid("fetch-size", fetchSize, "must be positive, or -1 for all records at once");
        }
        requireNotNegative("connect-timeout", connectTimeout);
        if (readTimeout != null && (readTimeout.isNegative() || readTimeout.isZero())) {
            throw invalid("read-timeout", readTimeout, "must be positive, or unset for none");
        }
        requireNotNegative("max-retry-time", maxRetryTime);
        requireNotNegative("pool.connection-acquisition-timeout", pool.connectionAcquisitionTimeout);
        requireNotNegative("pool.max-connection-lifetime", pool.maxConnectionLifetime);
        if (pool.idleTimeBeforeConnectionTest != null && pool.idleTimeBeforeConnectionTest.isNegative()) {
            throw invalid("pool.idle-time-before-connection-test", pool.idleTimeBeforeConnectionTest,
                    "must be zero or positive, or unset for never");
        }
        if (authentication.password != null && authentication.username == null) {
            throw invalid("authentication.username", null, "a password is set, but no user name");
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(name, value, "must be zero or a positive duration, e.g. 30s");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException("bolt.client." + name, value, reason);
    }

    public String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public String getDatabase() {
        return database;
    }

    public void setDatabase(String database) {
        this.database = database;
    }

    public Duration getMaxRetryTime() {
        return maxRetryTime;
    }

    public void setMaxRetryTime(Duration maxRetryTime) {
        this.maxRetryTime = maxRetryTime;
    }

    public long getFetchSize() {
        return fetchSize;
    }

    public void setFetchSize(long fetchSize) {
        this.fetchSize = fetchSize;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Authentication getAuthentication() {
        return authentication;
    }

    public Pool getPool() {
        return pool;
    }

    /** Credentials: a user name and password (basic), or a bearer token, or none. */
    public static class Authentication {

        /** The user name for basic authentication. */
        private String username;

        /** The password for basic authentication. */
        private String password;

        /** A bearer token (e.g. an SSO access token); used instead of user name and password. */
        private String bearerToken;

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getBearerToken() {
            return bearerToken;
        }

        public void setBearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
        }
    }

    /** Connection pool settings (defaults as Spring Boot's {@code spring.neo4j.pool.*}). */
    public static class Pool {

        /** Connections per server. */
        private int maxConnectionPoolSize = DEFAULTS.maxPoolSize();

        /** How long to wait for a connection from the pool. */
        private Duration connectionAcquisitionTimeout = DEFAULTS.acquisitionTimeout();

        /** Connections older than this are closed instead of reused. */
        private Duration maxConnectionLifetime = DEFAULTS.maxConnectionLifetime();

        /** Connections idle longer than this are checked with RESET before reuse; unset for never. */
        private Duration idleTimeBeforeConnectionTest;

        public int getMaxConnectionPoolSize() {
            return maxConnectionPoolSize;
        }

        public void setMaxConnectionPoolSize(int maxConnectionPoolSize) {
            this.maxConnectionPoolSize = maxConnectionPoolSize;
        }

        public Duration getConnectionAcquisitionTimeout() {
            return connectionAcquisitionTimeout;
        }

        public void setConnectionAcquisitionTimeout(Duration connectionAcquisitionTimeout) {
            this.connectionAcquisitionTimeout = connectionAcquisitionTimeout;
        }

        public Duration getMaxConnectionLifetime() {
            return maxConnectionLifetime;
        }

        public void setMaxConnectionLifetime(Duration maxConnectionLifetime) {
            this.maxConnectionLifetime = maxConnectionLifetime;
        }

        public Duration getIdleTimeBeforeConnectionTest() {
            return idleTimeBeforeConnectionTest;
        }

        public void setIdleTimeBeforeConnectionTest(Duration idleTimeBeforeConnectionTest) {
            this.idleTimeBeforeConnectionTest = idleTimeBeforeConnectionTest;
        }
    }
}
