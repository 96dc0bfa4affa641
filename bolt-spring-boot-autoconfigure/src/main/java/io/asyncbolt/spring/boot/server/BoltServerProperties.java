package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.ServerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the auto-configured Bolt server ({@code bolt.server.*}); the defaults are bolt-core's
 * ({@link ServerConfig}'s {@code DEFAULT_*}).
 */
@ConfigurationProperties("bolt.server")
public class BoltServerProperties {

    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]]+):([0-9]{1,5})");
    private static final Pattern ENCODED = Pattern.compile("\\{[^{}]+}.+", Pattern.DOTALL);

    /** Whether to start the Bolt server (it also needs at least one {@code @BoltHandler} bean). */
    private boolean enabled = true;

    /** The address to bind; {@code 0.0.0.0} for every interface. */
    private String address = ServerConfig.DEFAULT_ADDRESS;

    /** The port to bind; 0 for an ephemeral one (published as {@code local.bolt.server.port}). */
    private int port = ServerConfig.DEFAULT_PORT;

    /** The server agent sent in HELLO; the official drivers require it to start with {@code Neo4j/}. */
    private String agent = ServerConfig.DEFAULT_AGENT;

    /** The Bolt versions to offer, e.g. {@code 5.8, 4.4}; empty for every supported version. */
    private List<String> versions = new ArrayList<>();

    /** The largest message accepted after authentication, e.g. {@code 64MB} (a plain number is bytes). */
    private DataSize maxMessageSize = DataSize.ofBytes(ServerConfig.DEFAULT_MAX_MESSAGE_SIZE);

    /** The largest message accepted before authentication, e.g. {@code 64KB} (a plain number is bytes). */
    private DataSize maxMessageSizeBeforeAuth = DataSize.ofBytes(ServerConfig.DEFAULT_MAX_MESSAGE_SIZE_BEFORE_AUTH);

    /** The most connections open at once; 0 for no limit. */
    private int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;

    /** How long a new connection may take to send the Bolt handshake. */
    private Duration handshakeTimeout = ServerConfig.DEFAULT_HANDSHAKE_TIMEOUT;

    /** How long a connection may take to authenticate. */
    private Duration authTimeout = ServerConfig.DEFAULT_AUTH_TIMEOUT;

    /** Close connections idle for this long; 0 for never. */
    private Duration idleTimeout = ServerConfig.DEFAULT_IDLE_TIMEOUT;

    /** The connection.recv_timeout_seconds hint; NOOPs are sent to keep it while handlers are slow. */
    private Duration recvTimeoutHint = ServerConfig.DEFAULT_RECV_TIMEOUT_HINT;

    /** Whether WebSocket clients (Neo4j Browser) may connect on the same port. */
    private boolean webSocket = ServerConfig.DEFAULT_WEB_SOCKET;

    /** The database used when a client names none. */
    private String defaultDatabase = ServerConfig.DEFAULT_DATABASE;

    /** The host:port announced in routing tables; default the bound address. */
    private String advertisedAddress;

    /** How long clients may cache the routing table. */
    private Duration routingTtl = ServerConfig.DEFAULT_ROUTING_TTL;

    /**
     * How the server stops with the application: {@code graceful} lets running requests and open
     * transactions finish within {@code spring.lifecycle.timeout-per-shutdown-phase}; {@code immediate}
     * answers them with {@code Neo.TransientError.General.DatabaseUnavailable} at once.
     */
    private Shutdown shutdown = Shutdown.GRACEFUL;

    /** Who may connect. */
    private final Authentication authentication = new Authentication();

    /** TLS on the Bolt port. */
    private final Ssl ssl = new Ssl();

    /** What tools (Neo4j Browser's sidebar, {@code db.labels()}) are told the data holds. */
    private final Catalog catalog = new Catalog();

    public Catalog getCatalog() {
        return catalog;
    }

    /** How explicit transactions (BEGIN ... COMMIT/ROLLBACK) reach the application's data. */
    private final Transactions transactions = new Transactions();

    public Transactions getTransactions() {
        return transactions;
    }

    public Shutdown getShutdown() {
        return shutdown;
    }

    public void setShutdown(Shutdown shutdown) {
        this.shutdown = shutdown;
    }

    /**
     * Fails with the offending property's name when a value cannot work, so a mistake in
     * {@code application.yml} stops the application at startup rather than confusing clients later.
     */
    void validate() {
        if (port < 0 || port > 65535) {
            throw invalid("port", port, "must be between 0 and 65535 (0 for an ephemeral port)");
        }
        if (agent == null || !agent.startsWith(ServerConfig.AGENT_PREFIX)) {
            throw invalid("agent", agent, "must start with " + ServerConfig.AGENT_PREFIX
                    + " (the official drivers refuse any other server), e.g. " + ServerConfig.DEFAULT_AGENT);
        }
        if (address == null || address.isBlank()) {
            throw invalid("address", address, "must be a host name or IP address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        requireSize("max-message-size", maxMessageSize);
        requireSize("max-message-size-before-auth", maxMessageSizeBeforeAuth);
        if (maxConnections < 0) {
            throw invalid("max-connections", maxConnections, "must be 0 (no limit) or positive");
        }
        requireNotNegative("handshake-timeout", handshakeTimeout);
        requireNotNegative("auth-timeout", authTimeout);
        requireNotNegative("idle-timeout", idleTimeout);
        requireNotNegative("recv-timeout-hint", recvTimeoutHint);
        requireNotNegative("routing-ttl", routingTtl);
        if (defaultDatabase == null || defaultDatabase.isBlank()) {
            throw invalid("default-database", defaultDatabase, "must name a database");
        }
        if (advertisedAddress != null && !HOST_PORT.matcher(advertisedAddress).matches()) {
            throw invalid("advertised-address", advertisedAddress, "must be host:port, e.g. bolt.example.com:7687");
        }
        if (shutdown == null) {
            throw invalid("shutdown", null, "must be graceful or immediate");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < authentication.users.size(); i++) {
            User user = authentication.users.get(i);
            String prefix = "authentication.users[" + i + "].";
            if (user.name == null || user.name.isBlank()) {
                throw invalid(prefix + "name", user.name, "every user needs a name");
            }
            if (!names.add(user.name)) {
                throw invalid(prefix + "name", user.name, "the user is listed twice");
            }
            if (user.password == null || !ENCODED.matcher(user.password).matches()) {
                // never echo the value: it may be a plain-text password
                throw invalid(prefix + "password", "******", "must be in Spring Security's encoded form, "
                        + "{id}encoded, e.g. {bcrypt}$2a$10$... or {noop}secret for plain text");
            }
        }
    }

    private static void requireSize(String name, DataSize value) {
        if (value == null || value.toBytes() <= 0 || value.toBytes() > Integer.MAX_VALUE) {
            throw invalid(name, value, "must be a positive size of at most 2GB, e.g. 64MB");
        }
    }

    private static void requireNotNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw invalid(name, value, "must be zero (none) or a positive duration, e.g. 30s");
        }
    }

    private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException("bolt.server." + name, value, reason);
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Authentication getAuthentication() {
        return authentication;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getAgent() {
        return agent;
    }

    public void setAgent(String agent) {
        this.agent = agent;
    }

    public List<String> getVersions() {
        return versions;
    }

    public void setVersions(List<String> versions) {
        this.versions = versions;
    }

    public DataSize getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(DataSize maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public DataSize getMaxMessageSizeBeforeAuth() {
        return maxMessageSizeBeforeAuth;
    }

    public void setMaxMessageSizeBeforeAuth(DataSize maxMessageSizeBeforeAuth) {
        this.maxMessageSizeBeforeAuth = maxMessageSizeBeforeAuth;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Duration getHandshakeTimeout() {
        return handshakeTimeout;
    }

    public void setHandshakeTimeout(Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
    }

    public Duration getAuthTimeout() {
        return authTimeout;
    }

    public void setAuthTimeout(Duration authTimeout) {
        this.authTimeout = authTimeout;
    }

    public Duration getIdleTimeout() {
        return idleTimeout;
    }

    public void setIdleTimeout(Duration idleTimeout) {
        this.idleTimeout = idleTimeout;
    }

    public Duration getRecvTimeoutHint() {
        return recvTimeoutHint;
    }

    public void setRecvTimeoutHint(Duration recvTimeoutHint) {
        this.recvTimeoutHint = recvTimeoutHint;
    }

    public boolean isWebSocket() {
        return webSocket;
    }

    public void setWebSocket(boolean webSocket) {
        this.webSocket = webSocket;
    }

    public String getDefaultDatabase() {
        return defaultDatabase;
    }

    public void setDefaultDatabase(String defaultDatabase) {
        this.defaultDatabase = defaultDatabase;
    }

    public String getAdvertisedAddress() {
        return advertisedAddress;
    }

    public void setAdvertisedAddress(String advertisedAddress) {
        this.advertisedAddress = advertisedAddress;
    }

    public Duration getRoutingTtl() {
        return routingTtl;
    }

    public void setRoutingTtl(Duration routingTtl) {
        this.routingTtl = routingTtl;
    }

    /** How the server stops with the application context. */
    public enum Shutdown {

        /** Running work may finish within {@code spring.lifecycle.timeout-per-shutdown-phase}. */
        GRACEFUL,

        /** Running work is refused at once. */
        IMMEDIATE
    }

    /** Who may connect. */
    public static class Authentication {

        /**
         * Users allowed to connect with the basic scheme; when empty (and no Authenticator or Spring
         * Security AuthenticationManager bean exists) every client is accepted.
         */
        private List<User> users = new ArrayList<>();

        public List<User> getUsers() {
            return users;
        }

        public void setUsers(List<User> users) {
            this.users = users;
        }
    }

    /** One user of {@code bolt.server.authentication.users}. */
    public static class User {

        /** The user name. */
        private String name;

        /**
         * The password in Spring Security's encoded form, e.g. {@code {bcrypt}$2a$10$...} or
         * {@code {noop}secret} (plain text, for tests only).
         */
        private String password;

        /** Roles, available to handlers through the principal. */
        private List<String> roles = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public List<String> getRoles() {
            return roles;
        }

        public void setRoles(List<String> roles) {
            this.roles = roles;
        }
    }

    /**
     * Explicit transactions. With a {@code PlatformTransactionManager} (JDBC, JPA) each Bolt transaction runs
     * its handler calls in one Spring transaction of it, and an application's own {@code TransactionHandler}
     * bean replaces all of this.
     */
    public static class Transactions {

        /**
         * The transaction manager bean Bolt transactions run in, when the application has several; by default
         * the only (or primary) one, never the Bolt client's own {@code BoltTransactionManager} unless named here.
         */
        private String manager;

        /**
         * What explicit transactions do when there is no transaction manager: {@code accept} acknowledges
         * COMMIT and ROLLBACK (a rollback undoes nothing the handlers did), {@code refuse-writes} fails BEGIN of
         * write transactions with {@code Neo.ClientError.Statement.AccessMode} (read transactions and
         * auto-commit queries are served).
         */
        private WithoutManager withoutManager = WithoutManager.ACCEPT;

        public String getManager() {
            return manager;
        }

        public void setManager(String manager) {
            this.manager = manager;
        }

        public WithoutManager getWithoutManager() {
            return withoutManager;
        }

        public void setWithoutManager(WithoutManager withoutManager) {
            this.withoutManager = withoutManager;
        }
    }

    /**
     * The labels, relationship types, property keys and counts tools are told of ({@code db.labels()} and
     * the like, Neo4j Browser's sidebar); a {@code BoltGraphCatalog} bean replaces all of it.
     */
    public static class Catalog {

        /**
         * Whether the labels ({@code (:Book)}), relationship types ({@code [:WROTE]}) and property keys
         * ({@code {isbn: $isbn}}, {@code b.year}) written in the {@code @BoltQuery} statements and patterns are
         * listed.
         */
        private boolean fromHandlers = true;

        /** Node labels to list (besides those of the handlers). */
        private List<String> labels = new ArrayList<>();

        /** Relationship types to list (besides those of the handlers). */
        private List<String> relationshipTypes = new ArrayList<>();

        /** Property keys to list (besides those of the handlers). */
        private List<String> propertyKeys = new ArrayList<>();

        /** The node count tools show. */
        private long nodeCount;

        /** The relationship count tools show. */
        private long relationshipCount;

        public boolean isFromHandlers() {
            return fromHandlers;
        }

        public void setFromHandlers(boolean fromHandlers) {
            this.fromHandlers = fromHandlers;
        }

        public List<String> getLabels() {
            return labels;
        }

        public void setLabels(List<String> labels) {
            this.labels = labels;
        }

        public List<String> getRelationshipTypes() {
            return relationshipTypes;
        }

        public void setRelationshipTypes(List<String> relationshipTypes) {
            this.relationshipTypes = relationshipTypes;
        }

        public List<String> getPropertyKeys() {
            return propertyKeys;
        }

        public void setPropertyKeys(List<String> propertyKeys) {
            this.propertyKeys = propertyKeys;
        }

        public long getNodeCount() {
            return nodeCount;
        }

        public void setNodeCount(long nodeCount) {
            this.nodeCount = nodeCount;
        }

        public long getRelationshipCount() {
            return relationshipCount;
        }

        public void setRelationshipCount(long relationshipCount) {
            this.relationshipCount = relationshipCount;
        }
    }

    /** What explicit transactions do when the application has no transaction manager. */
    public enum WithoutManager {

        /** Acknowledge BEGIN, COMMIT and ROLLBACK; a rollback undoes nothing. */
        ACCEPT,

        /** Refuse write transactions at BEGIN with {@code Neo.ClientError.Statement.AccessMode}. */
        REFUSE_WRITES
    }

    /** TLS on the Bolt port, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
    public static class Ssl {

        /** The SSL bundle with the server's key and certificate; unset for no TLS. */
        private String bundle;

        /** Whether plaintext connections are refused; otherwise TLS and plaintext share the port. */
        private boolean required;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        public boolean isRequired() {
            return required;
        }

        public void setRequired(boolean required) {
            this.required = required;
        }
    }
}
