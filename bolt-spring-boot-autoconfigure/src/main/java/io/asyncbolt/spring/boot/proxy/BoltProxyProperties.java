package io.asyncbolt.spring.boot.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Settings of the Bolt gateway ({@code bolt.proxy.*}): with {@code bolt.proxy.enabled=true} the application is
 * a Bolt proxy in front of {@code bolt.proxy.uri}. It listens where {@code bolt.server.*} says (address, port,
 * TLS, limits) and authenticates downstream users as the server would ({@code bolt.server.authentication.*},
 * an {@code Authenticator} or an {@code AuthenticationManager} bean).
 */
@ConfigurationProperties("bolt.proxy")
public class BoltProxyProperties {

    /** Whether the application is a Bolt gateway; the plain Bolt server then backs off (one port). */
    private boolean enabled;

    /** The upstream Bolt server: {@code bolt://} or {@code neo4j://} (routing), {@code +s}/{@code +ssc} for TLS. */
    private String uri = "bolt://localhost:7687";

    /** The most statements one user may run at once over all their connections; 0 for no limit. */
    private int maxConcurrentQueriesPerUser;

    /** Downstream users whose work always runs in READ mode (the upstream then refuses writes). */
    private List<String> readOnlyUsers = new ArrayList<>();

    /** Downstream users with one of these roles run in READ mode too (roles of configured or Spring Security users). */
    private List<String> readOnlyRoles = new ArrayList<>();

    /** Records per upstream PULL, the most buffered per result. */
    private long fetchSize = 1000;

    /** Whether every statement is logged (without its text, but at DEBUG) on {@code io.asyncbolt.proxy.audit}. */
    private boolean auditLog = true;

    /** How the gateway logs on upstream. */
    private final Auth auth = new Auth();

    /** TLS to the upstream. */
    private final Ssl ssl = new Ssl();

    /** Fails with the property to fix when the settings cannot work together. */
    void validate() {
        if (uri == null || !uri.matches("(bolt|neo4j)(\\+s|\\+ssc)?://.+")) {
            throw new InvalidConfigurationPropertyValueException("bolt.proxy.uri", uri,
                    "must be a bolt:// or neo4j:// URI (bolt+s://, neo4j+s://... for TLS)");
        }
        if (fetchSize < 1) {
            throw new InvalidConfigurationPropertyValueException("bolt.proxy.fetch-size", fetchSize,
                    "must be positive");
        }
        if (auth.mode == AuthMode.SERVICE_ACCOUNT && (auth.username == null || auth.password == null)) {
            throw new InvalidConfigurationPropertyValueException("bolt.proxy.auth.password", "******",
                    "bolt.proxy.auth.username and bolt.proxy.auth.password are the gateway's own upstream credentials, "
                            + "required with bolt.proxy.auth.mode=service-account (or use mode pass-through)");
        }
        if (auth.maxClients < 1) {
            throw new InvalidConfigurationPropertyValueException("bolt.proxy.auth.max-clients", auth.maxClients,
                    "must be at least 1");
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public int getMaxConcurrentQueriesPerUser() {
        return maxConcurrentQueriesPerUser;
    }

    public void setMaxConcurrentQueriesPerUser(int maxConcurrentQueriesPerUser) {
        this.maxConcurrentQueriesPerUser = maxConcurrentQueriesPerUser;
    }

    public List<String> getReadOnlyUsers() {
        return readOnlyUsers;
    }

    public void setReadOnlyUsers(List<String> readOnlyUsers) {
        this.readOnlyUsers = readOnlyUsers;
    }

    public List<String> getReadOnlyRoles() {
        return readOnlyRoles;
    }

    public void setReadOnlyRoles(List<String> readOnlyRoles) {
        this.readOnlyRoles = readOnlyRoles;
    }

    public long getFetchSize() {
        return fetchSize;
    }

    public void setFetchSize(long fetchSize) {
        this.fetchSize = fetchSize;
    }

    public boolean isAuditLog() {
        return auditLog;
    }

    public void setAuditLog(boolean auditLog) {
        this.auditLog = auditLog;
    }

    public Auth getAuth() {
        return auth;
    }

    public Ssl getSsl() {
        return ssl;
    }

    /** How the gateway authenticates upstream. */
    public enum AuthMode {
        /** With its own credentials ({@code username}, {@code password}), the work optionally impersonating the caller. */
        SERVICE_ACCOUNT,
        /** With each caller's own credentials. */
        PASS_THROUGH
    }

    /** The gateway's upstream credentials. */
    public static class Auth {

        /** Service account (the gateway's credentials) or pass-through (each caller's). */
        private AuthMode mode = AuthMode.SERVICE_ACCOUNT;

        /** The service account's user name. */
        private String username;

        /** The service account's password. */
        private String password;

        /** Whether work runs upstream as the downstream user ({@code imp_user}; needs the IMPERSONATE privilege). */
        private boolean impersonate = true;

        /** With pass-through, the most upstream clients (credential sets) kept at once. */
        private int maxClients = 100;

        /** With pass-through and no downstream authenticator, how long the upstream may take to check credentials. */
        private Duration verifyTimeout = Duration.ofSeconds(30);

        public AuthMode getMode() {
            return mode;
        }

        public void setMode(AuthMode mode) {
            this.mode = mode;
        }

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

        public boolean isImpersonate() {
            return impersonate;
        }

        public void setImpersonate(boolean impersonate) {
            this.impersonate = impersonate;
        }

        public int getMaxClients() {
            return maxClients;
        }

        public void setMaxClients(int maxClients) {
            this.maxClients = maxClients;
        }

        public Duration getVerifyTimeout() {
            return verifyTimeout;
        }

        public void setVerifyTimeout(Duration verifyTimeout) {
            this.verifyTimeout = verifyTimeout;
        }
    }

    /** TLS to the upstream, from a Spring Boot SSL bundle ({@code spring.ssl.bundle.*}). */
    public static class Ssl {

        /** The SSL bundle whose trust material verifies the upstream (and whose key, if any, is the gateway's). */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
