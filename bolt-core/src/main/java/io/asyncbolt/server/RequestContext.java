package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltVersion;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Who asks and how: what the engine knows about a request beyond its statement.
 *
 * @param connectionId     the {@code connection_id} the server gave the connection
 * @param version          the negotiated Bolt version
 * @param principal        the authenticated principal
 * @param userAgent        the client's {@code user_agent}
 * @param database         the target database, or null for the default one
 * @param accessMode       the declared access mode
 * @param bookmarks        the bookmarks the client sent
 * @param txMetadata       the transaction metadata
 * @param txTimeout        the requested transaction timeout, or null
 * @param impersonatedUser the user to impersonate, or null
 */
public record RequestContext(String connectionId, BoltVersion version, Principal principal, String userAgent,
        String database, AccessMode accessMode, List<String> bookmarks, Map<String, Object> txMetadata,
        Duration txTimeout, String impersonatedUser) {

    public RequestContext {
        bookmarks = bookmarks == null ? List.of() : bookmarks;
        txMetadata = txMetadata == null ? Map.of() : txMetadata;
    }
}
