package io.asyncbolt.client;

import java.util.List;

/**
 * @param database         the database, or null for the user's home database
 * @param readOnly         whether work runs in read mode (routed to readers)
 * @param bookmarks        bookmarks to start from; the session chains its own after each commit
 * @param fetchSize        records per PULL, or 0 for the client's default; -1 for all
 * @param impersonatedUser the user to run as, or null
 */
public record SessionConfig(String database, boolean readOnly, List<String> bookmarks, long fetchSize,
        String impersonatedUser) {

    public SessionConfig {
        bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
    }

    public static SessionConfig defaults() {
        return new SessionConfig(null, false, List.of(), 0, null);
    }

    public static SessionConfig forDatabase(String database) {
        return new SessionConfig(database, false, List.of(), 0, null);
    }

    public SessionConfig withReadOnly(boolean readOnly) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser);
    }

    public SessionConfig withBookmarks(List<String> bookmarks) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser);
    }

    public SessionConfig withFetchSize(long fetchSize) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser);
    }

    public SessionConfig withDatabase(String database) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser);
    }

    /** Runs the session's work as {@code user} (the authenticated user needs the IMPERSONATE privilege). */
    public SessionConfig withImpersonatedUser(String user) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, user);
    }
}
