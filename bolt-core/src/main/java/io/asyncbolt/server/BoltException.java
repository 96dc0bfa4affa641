package io.asyncbolt.server;

import java.util.Objects;

/**
 * An error with a Neo4j status code ({@code Neo.<Classification>.<Category>.<Title>}) that the server
 * sends to the client as a Bolt FAILURE. Throw it from handlers to choose what drivers see:
 * {@code Neo.ClientError.*} for the caller's mistakes, {@code Neo.TransientError.*} for what a retry may
 * fix (drivers retry only these), {@code Neo.DatabaseError.*} for real internal failures.
 */
public class BoltException extends RuntimeException {

    private final String code;

    public BoltException(String code, String message) {
        this(code, message, null);
    }

    public BoltException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The Neo4j status code. */
    public String code() {
        return code;
    }

    /** A {@code Neo.ClientError.Statement.SyntaxError}: the statement is not understood. */
    public static BoltException syntaxError(String message) {
        return new BoltException(StatusCodes.SYNTAX_ERROR, message);
    }

    /** A {@code Neo.ClientError.Statement.ArgumentError}: a parameter is missing or of the wrong kind. */
    public static BoltException argumentError(String message) {
        return new BoltException(StatusCodes.ARGUMENT_ERROR, message);
    }

    /** A {@code Neo.TransientError.General.TransientError}: a retry may succeed. */
    public static BoltException transientError(String message) {
        return new BoltException(StatusCodes.TRANSIENT_ERROR, message);
    }
}
