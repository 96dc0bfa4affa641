package io.asyncbolt.server;

import java.util.Map;

/**
 * A RUN request.
 *
 * @param statement   the query text as sent
 * @param parameters  the query parameters
 * @param context     who asks and how (for a query in a transaction, that of BEGIN)
 * @param transaction the explicit transaction, or null for an auto-commit query
 */
public record Query(String statement, Map<String, Object> parameters, RequestContext context,
        Transaction transaction) {

    /** The statement with runs of white space collapsed, trimmed, and without a trailing {@code ;}. */
    public String normalizedStatement() {
        return Statements.normalize(statement);
    }

    /** A statement with runs of white space collapsed, trimmed, and without a trailing {@code ;}. */
    public static String normalize(String statement) {
        return Statements.normalize(statement);
    }
}
