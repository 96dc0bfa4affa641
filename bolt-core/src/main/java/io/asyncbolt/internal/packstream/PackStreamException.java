package io.asyncbolt.internal.packstream;

/**
 * Malformed, hostile or unsupported PackStream data, on read or write. The message says what was wrong
 * and, for reads, at which byte offset of the message.
 */
public class PackStreamException extends RuntimeException {

    public PackStreamException(String message) {
        super(message);
    }

    public PackStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
