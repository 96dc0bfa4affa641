package io.asyncbolt.protocol;

import io.netty.handler.codec.TooLongFrameException;

/**
 * Thrown by the chunk decoder when an inbound Bolt message grows beyond the configured maximum
 * message size. The decoder has already discarded (and released) what it had accumulated of the
 * message and skips the rest of its chunks; the usual reaction is to close the connection.
 */
public class BoltMessageTooLargeException extends TooLongFrameException {

    private static final long serialVersionUID = 1L;

    private final long maxMessageSize;
    private final long attemptedSize;

    /**
     * @param maxMessageSize the limit in force
     * @param attemptedSize the size the message would have had with the chunk that broke the limit
     *     (the message may be even larger; the rest is not read)
     */
    public BoltMessageTooLargeException(long maxMessageSize, long attemptedSize) {
        super("Bolt message too large: at least " + attemptedSize + " bytes, the maximum is "
                + maxMessageSize + " bytes; the message was discarded");
        this.maxMessageSize = maxMessageSize;
        this.attemptedSize = attemptedSize;
    }

    /** The limit that was exceeded, in bytes. */
    public long maxMessageSize() {
        return maxMessageSize;
    }

    /** How large the message had grown (at least) when the limit was exceeded, in bytes. */
    public long attemptedSize() {
        return attemptedSize;
    }
}
