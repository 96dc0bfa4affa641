package io.asyncbolt.client;

import java.util.List;

/**
 * @param database           the database, or null for the user's home database
 * @param readOnly           whether work runs in read mode (routed to readers) by default; managed
 *                           transactions choose their own mode
 * @param bookmarks          bookmarks to start from; the session chains its own after each commit
 * @param fetchSize          records per PULL, or 0 for the client's default; -1 for all
 * @param impersonatedUser   the user to run as, or null
 * @param bookmarkManager    shares bookmarks with other sessions, or null
 * @param notificationConfig the notifications this session's results carry, or null for the client's
 * @param auth               credentials for this session's work instead of the client's (Bolt 5.1+
 *                           re-authenticates pooled connections), or null
 */
public record SessionConfig(String database, boolean readOnly, List<String> bookmarks, long fetchSize,
        String impersonatedUser, BookmarkManager bookmarkManager, NotificationConfig notificationConfig,
        AuthToken auth) {

    public SessionConfig {
        bookmarks = bookmarks == null ? List.of() : List.copyOf(bookmarks);
    }

    public SessionConfig(String database, boolean readOnly, List<String> bookmarks, long fetchSize,
            String impersonatedUser) {
        this(database, readOnly, bookmarks, fetchSize, impersonatedUser, null, null, null);
    }

    private static final SessionConfig DEFAULTS = new SessionConfig(null, false, List.of(), 0, null);

    public static SessionConfig defaults() {
        return DEFAULTS;
    }

    public static SessionConfig forDatabase(String database) {
        return new SessionConfig(database, false, List.of(), 0, null);
    }

    public SessionConfig withReadOnly(boolean readOnly) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, bookmarkManager,
                notificationConfig, auth);
    }

    public SessionConfig withBookmarks(List<String> bookmarks) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, bookmarkManager,
                notificationConfig, auth);
    }

    public SessionConfig withFetchSize(long fetchSize) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, bookmarkManager,
                notificationConfig, auth);
    }

    public SessionConfig withDatabase(String database) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, bookmarkManager,
                notificationConfig, auth);
    }

    /** Runs the session's work as {@code user} (the authenticated user needs the IMPERSONATE privilege). */
    public SessionConfig withImpersonatedUser(String user) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, user, bookmarkManager,
                notificationConfig, auth);
    }

    /** Shares bookmarks through {@code manager} (e.g. {@link BoltClient#executeQueryBookmarkManager()}). */
    public SessionConfig withBookmarkManager(BookmarkManager manager) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, manager,
                notificationConfig, auth);
    }

    public SessionConfig withNotificationConfig(NotificationConfig notifications) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, bookmarkManager,
                notifications, auth);
    }

    /** Runs the session's work with these credentials instead of the client's. */
    public SessionConfig withAuth(AuthToken token) {
        return new SessionConfig(database, readOnly, bookmarks, fetchSize, impersonatedUser, bookmarkManager,
                notificationConfig, token);
    }
}
