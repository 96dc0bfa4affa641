package io.asyncbolt.protocol.message;

import java.util.List;
import java.util.Map;

/**
 * ROUTE (4.3+): ask for the routing table of a database.
 *
 * @param routing          the routing context ({@code address} and URI query parameters)
 * @param bookmarks        bookmarks to wait for
 * @param database         the database, or null for the user's home database
 * @param impersonatedUser the impersonated user, or null
 */
public record RouteMessage(Map<String, Object> routing, List<String> bookmarks, String database,
        String impersonatedUser) implements Request {

    public static final byte SIGNATURE = 0x66;

    public RouteMessage {
        routing = MessageMaps.immutable(routing);
        bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "ROUTE " + routing + " " + bookmarks + " {db: " + database + ", imp_user: " + impersonatedUser + "}";
    }
}
