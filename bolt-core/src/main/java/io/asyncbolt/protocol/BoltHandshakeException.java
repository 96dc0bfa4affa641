package io.asyncbolt.protocol;

import java.util.Objects;

/**
 * A Bolt handshake failed. The connection is closed by the handshake handler that reports it.
 */
public class BoltHandshakeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a handshake failed; coarse enough to use as a metric tag. */
    public enum Reason {
        /** The client did not start with the Bolt magic preamble {@code 60 60 B0 17}. */
        BAD_MAGIC,
        /** The peers have no protocol version in common. */
        NO_COMMON_VERSION,
        /** The server answered like an HTTP server: the client connected to an HTTP port. */
        HTTP_PORT,
        /** The peer sent bytes that are not a valid handshake (or chose something not offered). */
        PROTOCOL_ERROR,
        /** The connection closed (or failed) before the handshake completed. */
        CONNECTION_CLOSED
    }

    private final Reason reason;

    public BoltHandshakeException(Reason reason, String message) {
        this(reason, message, null);
    }

    public BoltHandshakeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the handshake failed. */
    public Reason reason() {
        return reason;
    }
}
