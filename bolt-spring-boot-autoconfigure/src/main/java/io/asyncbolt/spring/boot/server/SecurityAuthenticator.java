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
 * Authenticates the basic scheme with Spring Security's {@link AuthenticationManager}; the resulting
 * {@link Authentication} is the principal, and is in the {@code SecurityContext} while handler methods
 * run, so {@code @PreAuthorize} and friends work.
 */
final class SecurityAuthenticator implements Authenticator {

    private final AuthenticationManager manager;

    SecurityAuthenticator(AuthenticationManager manager) {
        this.manager = manager;
    }

    @Override
    public Principal authenticate(AuthToken token) {
        if (!"basic".equals(token.scheme()) || token.principal() == null) {
            throw new BoltException(StatusCodes.UNAUTHORIZED, "Only the basic scheme is supported");
        }
        try {
            Authentication result = manager.authenticate(
                    UsernamePasswordAuthenticationToken.unauthenticated(token.principal(), token.credentials()));
            if (result == null || !result.isAuthenticated()) {
                throw new BoltException(StatusCodes.UNAUTHORIZED, "The client is unauthorized due to authentication failure.");
            }
            return result;
        } catch (AuthenticationException e) {
            throw new BoltException(StatusCodes.UNAUTHORIZED, "The client is unauthorized due to authentication failure.");
        }
    }
}
