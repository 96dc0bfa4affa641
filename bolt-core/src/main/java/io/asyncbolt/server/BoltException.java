package io.asyncbolt.server;

import java.util.Objects;

/**
 * An error with a Neo4j status code ({@code Neo.<Classification>.<Category>.<Title>}) that the server
 * sends to the client as a Bolt FAILURE. Throw it from handlers to choose what drivers see:
 * {@code Neo.ClientError.*} for the caller's mistakes, {@code Neo.TransientError.*} for what a retry may
 * fix (drivers retry only these), {@code Neo.DatabaseError.*} for real internal failures. From Bolt 5.7
 * the FAILURE also carries a GQLSTATUS: the one given here, or the generic {@code 50N42}.
 */
public class BoltException extends RuntimeException {

    private final String code;
    private final String gqlStatus;
    private final String description;

    public BoltException(String code, String message) {
        this(code, message, null);
    }

    public BoltException(String code, String message, Throwable cause) {
        this(code, message, null, null, cause);
    }

    /**
     * @param gqlStatus   the five-character GQLSTATUS (e.g. {@code 42001}), or null for the generic one
     * @param description the GQL description of that status, or null
     */
    public BoltException(String code, String message, String gqlStatus, String description, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        if (gqlStatus != null && gqlStatus.length() != 5) {
            throw new IllegalArgumentException("a GQLSTATUS has five characters, not '" + gqlStatus + "'");
        }
        this.gqlStatus = gqlStatus;
        this.description = description;
    }

    /** The Neo4j status code. */
    public String code() {
        return code;
    }

    /** The GQLSTATUS sent from Bolt 5.7, or null for the generic {@code 50N42}. */
    public String gqlStatus() {
        return gqlStatus;
    }

    /** The GQL description sent with {@link #gqlStatus()}, or null. */
    public String description() {
        return description;
    }

    /** A {@code Neo.ClientError.Statement.SyntaxError} (GQLSTATUS {@code 42001}): the statement is not understood. */
    public static BoltException syntaxError(String message) {
        return new BoltException(StatusCodes.SYNTAX_ERROR, message, "42001",
                "error: syntax error or access rule violation - invalid syntax", null);
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
