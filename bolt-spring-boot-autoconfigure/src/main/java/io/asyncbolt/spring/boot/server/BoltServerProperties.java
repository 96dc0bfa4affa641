package io.asyncbolt.spring.boot.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the auto-configured Bolt server ({@code bolt.server.*}). */
@ConfigurationProperties("bolt.server")
public class BoltServerProperties {

    /** Whether to start the Bolt server (it also needs at least one {@code @BoltHandler} bean). */
    private boolean enabled = true;

    /** The address to bind; {@code 0.0.0.0} for every interface. */
    private String address = "127.0.0.1";

    /** The port to bind; 0 for an ephemeral one (published as {@code local.bolt.server.port}). */
    private int port = 7687;

    /** The server agent sent in HELLO; the official drivers require it to start with {@code Neo4j/}. */
    private String agent = "Neo4j/5.26.0";

    /** The Bolt versions to offer, e.g. {@code 5.8, 4.4}; empty for every supported version. */
    private List<String> versions = new ArrayList<>();

    /** The largest message accepted after authentication, in bytes. */
    private int maxMessageSize = 64 * 1024 * 1024;

    /** The largest message accepted before authentication, in bytes. */
    private int maxMessageSizeBeforeAuth = 64 * 1024;

    /** The most connections open at once; 0 for no limit. */
    private int maxConnections;

    /** How long a new connection may take to send the Bolt handshake. */
    private Duration handshakeTimeout = Duration.ofSeconds(10);

    /** How long a connection may take to authenticate. */
    private Duration authTimeout = Duration.ofSeconds(30);

    /** Close connections idle for this long; 0 for never. */
    private Duration idleTimeout = Duration.ZERO;

    /** The connection.recv_timeout_seconds hint; NOOPs are sent to keep it while handlers are slow. */
    private Duration recvTimeoutHint = Duration.ofSeconds(120);

    /** Whether WebSocket clients (Neo4j Browser) may connect on the same port. */
    private boolean webSocket = true;

    /** The database used when a client names none. */
    private String defaultDatabase = "neo4j";

    /** The host:port announced in routing tables; default the bound address. */
    private String advertisedAddress;

    /** How long clients may cache the routing table. */
    private Duration routingTtl = Duration.ofSeconds(300);

    private final Authentication authentication = new Authentication();

    private final Ssl ssl = new Ssl();

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

    public int getMaxMessageSize() {
        return maxMessageSize;
    }

    public void setMaxMessageSize(int maxMessageSize) {
        this.maxMessageSize = maxMessageSize;
    }

    public int getMaxMessageSizeBeforeAuth() {
        return maxMessageSizeBeforeAuth;
    }

    public void setMaxMessageSizeBeforeAuth(int maxMessageSizeBeforeAuth) {
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
