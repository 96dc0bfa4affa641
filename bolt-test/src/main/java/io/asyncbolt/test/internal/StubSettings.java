package io.asyncbolt.test.internal;

import io.asyncbolt.protocol.BoltVersion;
import io.netty.handler.ssl.SslContext;
import java.util.List;

/**
 * How a stub presents itself: agent, Bolt versions, accepted credentials (null: any), TLS.
 *
 * @param user     the only user accepted, or null for any token
 * @param password that user's password
 */
public record StubSettings(String agent, List<BoltVersion> versions, String user, String password,
        SslContext sslContext, boolean tlsRequired) {

    public static final String DEFAULT_AGENT = "Neo4j/5.26.0";

    public static StubSettings defaults() {
        return new Builder().build();
    }

    /** Collects settings from the DSL and the headers of text scripts. */
    public static final class Builder {
        private String agent = DEFAULT_AGENT;
        private List<BoltVersion> versions = BoltVersion.ALL;
        private String user;
        private String password;
        private SslContext sslContext;
        private boolean tlsRequired;

        public Builder agent(String agent) {
            if (!agent.startsWith("Neo4j/")) {
                throw new IllegalArgumentException("The official drivers refuse an agent not starting with Neo4j/: "
                        + agent);
            }
            this.agent = agent;
            return this;
        }

        public Builder versions(List<BoltVersion> versions) {
            for (BoltVersion version : versions) {
                if (!BoltVersion.ALL.contains(version)) {
                    throw new IllegalArgumentException("Bolt " + version + " is not one of " + BoltVersion.ALL);
                }
            }
            this.versions = List.copyOf(versions);
            return this;
        }

        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public Builder tls(SslContext sslContext, boolean required) {
            this.sslContext = sslContext;
            this.tlsRequired = required;
            return this;
        }

        public StubSettings build() {
            return new StubSettings(agent, versions, user, password, sslContext, tlsRequired);
        }
    }
}
