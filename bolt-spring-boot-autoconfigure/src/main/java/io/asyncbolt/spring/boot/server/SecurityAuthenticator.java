package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.AuthToken;
import io.asyncbolt.server.Authenticator;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.StatusCodes;
import java.security.Principal;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Authenticates the basic scheme (and the bearer scheme, with Spring Security's resource-server support)
 * with Spring Security's {@link AuthenticationManager}; the resulting
 * {@link Authentication} is the principal, and is in the {@code SecurityContext} while handler methods
 * run, so {@code @PreAuthorize} and friends work.
 */
final class SecurityAuthenticator implements Authenticator {

    private static final boolean BEARER_SUPPORTED = org.springframework.util.ClassUtils.isPresent(
            "org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken",
            SecurityAuthenticator.class.getClassLoader());

    private final AuthenticationManager manager;

    SecurityAuthenticator(AuthenticationManager manager) {
        this.manager = manager;
    }

    @Override
    public Principal authenticate(AuthToken token) {
        Authentication request;
        if ("basic".equals(token.scheme()) && token.principal() != null) {
            request = UsernamePasswordAuthenticationToken.unauthenticated(token.principal(), token.credentials());
        } else if ("bearer".equals(token.scheme()) && token.credentials() != null && BEARER_SUPPORTED) {
            request = new org.springframework.security.oauth2.server.resource.authentication
                    .BearerTokenAuthenticationToken(token.credentials());
        } else {
            throw new BoltException(StatusCodes.UNAUTHORIZED, "Unsupported authentication scheme: " + token.scheme());
        }
        try {
            Authentication result = manager.authenticate(request);
            if (result == null || !result.isAuthenticated()) {
                throw new BoltException(StatusCodes.UNAUTHORIZED, "The client is unauthorized due to authentication failure.");
            }
            return result;
        } catch (AuthenticationException e) {
            throw new BoltException(StatusCodes.UNAUTHORIZED, "The client is unauthorized due to authentication failure.");
        }
    }
}
