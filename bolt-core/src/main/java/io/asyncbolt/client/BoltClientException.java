package io.asyncbolt.client;

/**
 * An error reported by a Bolt server or met on the way there, classified like the official drivers do
 * by its Neo4j status code: {@link ClientError}, {@link Transient} (retrying may help),
 * {@link DatabaseError}, {@link Authentication}, {@link ServiceUnavailable}, {@link SessionExpired}.
 */
public sealed class BoltClientException extends RuntimeException {

    private static final java.util.Set<String> CLASSIFICATIONS = java.util.Set.of("CLIENT_ERROR", "DATABASE_ERROR",
            "TRANSIENT_ERROR");

    private final String code;
    private final String gqlStatus;
    private String statusDescription;
    /** Set when the client's auth token manager handled this security error: retrying may now succeed. */
    private volatile boolean handledByAuthManager;
    private java.util.Map<String, Object> diagnosticRecord = GqlError.DEFAULT_DIAGNOSTIC_RECORD;

    BoltClientException(String code, String message, String gqlStatus, Throwable cause) {
        super(message);
        if (cause != null) {
            initCause(cause); // otherwise left open for the GQL cause of a server's FAILURE
        }
        this.code = code;
        this.gqlStatus = gqlStatus;
    }

    /**
     * The server's FAILURE as an exception, with its GQL status, description, diagnostic record and cause
     * chain (Bolt 5.7+; older servers get the defaults the official drivers fill in).
     */
    static BoltClientException of(io.asyncbolt.protocol.message.FailureMessage failure, boolean gqlFailures) {
        BoltClientException error = of(failure.code(), failure.message(), failure.gqlStatus());
        error.statusDescription = failure.description();
        error.diagnosticRecord = gqlFailures ? GqlError.withDefaults(failure.diagnosticRecord())
                : GqlError.DEFAULT_DIAGNOSTIC_RECORD;
        if (failure.cause() != null) {
            error.initCause(GqlError.of(failure.cause()));
        }
        return error;
    }

    /** The GQL status description (Bolt 5.7+; a generic one before), or null for client-side errors. */
    public String statusDescription() {
        return statusDescription;
    }

    /** The GQL diagnostic record ({@code OPERATION}, {@code CURRENT_SCHEMA}, {@code _classification}, ...). */
    public java.util.Map<String, Object> diagnosticRecord() {
        return diagnosticRecord;
    }

    /** {@code _classification} of the diagnostic record as the server sent it, or null. */
    public String rawClassification() {
        return diagnosticRecord.get("_classification") instanceof String s ? s : null;
    }

    /** {@code CLIENT_ERROR}, {@code DATABASE_ERROR}, {@code TRANSIENT_ERROR}, or {@code UNKNOWN}. */
    public String classification() {
        return classification(rawClassification());
    }

    static String classification(String raw) {
        return raw != null && CLASSIFICATIONS.contains(raw) ? raw : "UNKNOWN";
    }

    /** The Neo4j status code, e.g. {@code Neo.ClientError.Statement.SyntaxError}. */
    public String code() {
        return code;
    }

    /** The GQLSTATUS (Bolt 5.7+), or null. */
    public String gqlStatus() {
        return gqlStatus;
    }

    /** True when running the work again may succeed. */
    public boolean isRetryable() {
        return handledByAuthManager;
    }

    /** The auth token manager acted on this error (a fresh token is coming): it becomes retryable. */
    void handledByAuthManager() {
        handledByAuthManager = true;
    }

    static BoltClientException of(String code, String message, String gqlStatus) {
        if (code.startsWith("Neo.ClientError.Security.")) {
            return new Authentication(code, message, gqlStatus);
        }
        if (code.startsWith("Neo.TransientError.")) {
            // like the official drivers: termination by the user is not worth a retry, and is reported
            // with the ClientError code that newer servers send for it
            if (code.equals("Neo.TransientError.Transaction.Terminated")) {
                return new ClientError("Neo.ClientError.Transaction.Terminated", message, gqlStatus);
            }
            if (code.equals("Neo.TransientError.Transaction.LockClientStopped")) {
                return new ClientError("Neo.ClientError.Transaction.LockClientStopped", message, gqlStatus);
            }
            return new Transient(code, message, gqlStatus);
        }
        if (code.startsWith("Neo.DatabaseError.")) {
            return new DatabaseError(code, message, gqlStatus);
        }
        if (code.equals("Neo.ClientError.Cluster.NotALeader")
                || code.equals("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase")) {
            return new SessionExpired(code, message, gqlStatus);
        }
        return new ClientError(code, message, gqlStatus);
    }

    /** The request was wrong: syntax, arguments, state, constraints. Not retried. */
    public static final class ClientError extends BoltClientException {
        ClientError(String code, String message, String gqlStatus) {
            super(code, message, gqlStatus, null);
        }
    }

    /** The records of a result were asked for after it was consumed (or its session closed). */
    public static final class ResultConsumed extends BoltClientException {
        ResultConsumed() {
            super("N/A", "Cannot access records on this result any more as the result has already been consumed "
                    + "or the query runner where the result is created has already been closed.", null, null);
        }
    }

    /** A temporary condition; managed transactions retry these. */
    public static final class Transient extends BoltClientException {
        Transient(String code, String message, String gqlStatus) {
            super(code, message, gqlStatus, null);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }

    /** The server failed internally. */
    public static final class DatabaseError extends BoltClientException {
        DatabaseError(String code, String message, String gqlStatus) {
            super(code, message, gqlStatus, null);
        }
    }

    /**
     * The credentials were refused or the principal lacks a permission. Retryable when the client's
     * {@link AuthTokenManager} handled it, and always for {@code AuthorizationExpired} (the connection
     * re-authenticates).
     */
    public static final class Authentication extends BoltClientException {
        Authentication(String code, String message, String gqlStatus) {
            super(code, message, gqlStatus, null);
        }

        @Override
        public boolean isRetryable() {
            return super.isRetryable() || code().equals("Neo.ClientError.Security.AuthorizationExpired");
        }
    }

    /** No server could be reached, or the connection broke. Retried by managed transactions. */
    public static final class ServiceUnavailable extends BoltClientException {
        public ServiceUnavailable(String message, Throwable cause) {
            super("N/A", message, null, cause);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }

    /** The server can no longer serve this session's work (e.g. not the leader any more). Retried. */
    public static final class SessionExpired extends BoltClientException {
        public SessionExpired(String message, Throwable cause) {
            super("N/A", message, null, cause);
        }

        /** The server's own error (e.g. {@code Neo.ClientError.Cluster.NotALeader}), with its code kept. */
        SessionExpired(String code, String message, String gqlStatus) {
            super(code, message, gqlStatus, null);
        }

        @Override
        public boolean isRetryable() {
            return true;
        }
    }
}
