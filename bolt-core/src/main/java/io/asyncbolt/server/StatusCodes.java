package io.asyncbolt.server;

/** The Neo4j status codes the server engine sends, as the official drivers classify them. */
public final class StatusCodes {

    public static final String REQUEST_INVALID = "Neo.ClientError.Request.Invalid";
    public static final String UNAUTHORIZED = "Neo.ClientError.Security.Unauthorized";
    public static final String FORBIDDEN = "Neo.ClientError.Security.Forbidden";
    public static final String SYNTAX_ERROR = "Neo.ClientError.Statement.SyntaxError";
    public static final String ARGUMENT_ERROR = "Neo.ClientError.Statement.ArgumentError";
    public static final String PROCEDURE_NOT_FOUND = "Neo.ClientError.Procedure.ProcedureNotFound";
    public static final String DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound";
    public static final String TRANSACTION_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration";
    public static final String TRANSIENT_ERROR = "Neo.TransientError.General.TransientError";
    public static final String DATABASE_UNAVAILABLE = "Neo.TransientError.General.DatabaseUnavailable";
    public static final String TRANSACTION_TERMINATED = "Neo.TransientError.Transaction.Terminated";
    public static final String UNKNOWN_ERROR = "Neo.DatabaseError.General.UnknownError";

    private StatusCodes() {
    }
}
