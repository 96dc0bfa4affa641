package io.asyncbolt.client;

/**
 * How {@link BoltClient#executeQuery} runs a query.
 *
 * @param readOnly         route to readers and run in read mode (default: write)
 * @param database         the database, or null for the user's home database
 * @param impersonatedUser the user to run as, or null
 * @param bookmarkManager  the manager whose bookmarks chain the query to earlier work:
 *                         {@link #CLIENT_BOOKMARK_MANAGER} (the default) for the client's own, so that
 *                         one {@code executeQuery} sees what the previous ones wrote; null for none
 * @param transaction      timeout and metadata of the query's transaction
 * @param auth             credentials for this query instead of the client's, or null
 */
public record QueryConfig(boolean readOnly, String database, String impersonatedUser, BookmarkManager bookmarkManager,
        TransactionConfig transaction, AuthToken auth) {

    /** Stands for {@link BoltClient#executeQueryBookmarkManager()}. */
    public static final BookmarkManager CLIENT_BOOKMARK_MANAGER = BookmarkManager.create();

    public static final QueryConfig DEFAULT = new QueryConfig(false, null, null, CLIENT_BOOKMARK_MANAGER,
            TransactionConfig.DEFAULT, null);

    public QueryConfig {
        transaction = transaction == null ? TransactionConfig.DEFAULT : transaction;
    }

    public QueryConfig withReadOnly(boolean readOnly) {
        return new QueryConfig(readOnly, database, impersonatedUser, bookmarkManager, transaction, auth);
    }

    public QueryConfig withDatabase(String database) {
        return new QueryConfig(readOnly, database, impersonatedUser, bookmarkManager, transaction, auth);
    }

    public QueryConfig withImpersonatedUser(String user) {
        return new QueryConfig(readOnly, database, user, bookmarkManager, transaction, auth);
    }

    /** Chains through {@code manager}; null for no bookmarks at all. */
    public QueryConfig withBookmarkManager(BookmarkManager manager) {
        return new QueryConfig(readOnly, database, impersonatedUser, manager, transaction, auth);
    }

    public QueryConfig withTransaction(TransactionConfig transaction) {
        return new QueryConfig(readOnly, database, impersonatedUser, bookmarkManager, transaction, auth);
    }

    public QueryConfig withAuth(AuthToken auth) {
        return new QueryConfig(readOnly, database, impersonatedUser, bookmarkManager, transaction, auth);
    }
}
