package io.asyncbolt.server;

import java.security.Principal;

/**
 * Decides who a connection belongs to. Called on the handler executor (it may block) for every HELLO
 * (Bolt 4.4, 5.0) or LOGON (5.1+). Throwing rejects the token: the client gets
 * {@code Neo.ClientError.Security.Unauthorized} and the connection closes.
 */
@FunctionalInterface
public interface Authenticator {

    /** Accepts any token; the principal is the token's user name, or {@code anonymous}. */
    Authenticator ALLOW_ALL = token -> new BoltUser(token.principal() == null ? "anonymous" : token.principal());

    /** The authenticated principal; never null. */
    Principal authenticate(AuthToken token) throws Exception;
}
