package io.asyncbolt.protocol;

/**
 * A message that breaks the Bolt protocol: undecodable, unknown, or not allowed in this version. Carries
 * the Neo4j status code a server answers with before it closes the connection.
 */
public class BoltProtocolException extends RuntimeException {

    /** A message that is not allowed (unknown signature, wrong version, wrong state). */
    public static final String INVALID = "Neo.ClientError.Request.Invalid";
    /** A message whose bytes or fields are malformed. */
    public static final String INVALID_FORMAT = "Neo.ClientError.Request.InvalidFormat";

    private final String code;

    public BoltProtocolException(String code, String message) {
        super(message);
        this.code = code;
    }

    public BoltProtocolException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The Neo4j status code, e.g. {@code Neo.ClientError.Request.InvalidFormat}. */
    public String code() {
        return code;
    }
}
