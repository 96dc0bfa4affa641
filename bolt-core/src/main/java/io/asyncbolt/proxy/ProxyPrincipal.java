package io.asyncbolt.proxy;

import io.asyncbolt.client.AuthToken;
import java.security.Principal;

/**
 * A downstream user whose credentials go upstream with their work (pass-through authentication).
 *
 * @param user          the principal the proxy's authenticator gave
 * @param upstreamToken the credentials the user logged on with
 */
record ProxyPrincipal(Principal user, AuthToken upstreamToken) implements Principal {

    @Override
    public String getName() {
        return user.getName();
    }

    @Override
    public String toString() {
        return user.toString(); // never the credentials
    }
}
