package io.asyncbolt.protocol.message;

/** IGNORED: the request was not processed because the connection is failed or interrupted. */
public record IgnoredMessage() implements Response {

    public static final byte SIGNATURE = 0x7E;
    public static final IgnoredMessage INSTANCE = new IgnoredMessage();

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "IGNORED";
    }
}
