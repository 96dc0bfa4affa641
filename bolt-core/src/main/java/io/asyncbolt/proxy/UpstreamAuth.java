package io.asyncbolt.proxy;

import io.asyncbolt.client.AuthToken;
import java.util.Objects;

/** How a {@link BoltProxy} authenticates to its upstream. */
public sealed interface UpstreamAuth {

    /**
     * One upstream client with the proxy's own credentials; with {@code impersonate}, every unit of work runs
     * as the downstream user ({@code imp_user}; the service user needs the IMPERSONATE privilege).
     */
    static UpstreamAuth serviceAccount(AuthToken token, boolean impersonate) {
        return new ServiceAccount(token, impersonate);
    }

    /**
     * The caller's own credentials are passed upstream: one upstream client per credential set, at most
     * {@code maxClients} kept (the least recently used one is closed once idle).
     */
    static UpstreamAuth passThrough(int maxClients) {
        return new PassThrough(maxClients);
    }

    /**
     * @param token       the proxy's credentials
     * @param impersonate whether work runs as the downstream user
     */
    record ServiceAccount(AuthToken token, boolean impersonate) implements UpstreamAuth {
        public ServiceAccount {
            Objects.requireNonNull(token, "token");
        }
    }

    /** @param maxClients the most upstream clients (credential sets) kept at once */
    record PassThrough(int maxClients) implements UpstreamAuth {
        public PassThrough {
            if (maxClients < 1) {
                throw new IllegalArgumentException("maxClients must be at least 1, was " + maxClients);
            }
        }
    }
}
