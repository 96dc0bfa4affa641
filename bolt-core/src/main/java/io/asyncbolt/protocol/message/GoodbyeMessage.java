package io.asyncbolt.protocol.message;

/** GOODBYE: the client is about to close the connection; no reply. */
public record GoodbyeMessage() implements Request {

    public static final byte SIGNATURE = 0x02;
    public static final GoodbyeMessage INSTANCE = new GoodbyeMessage();

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "GOODBYE";
    }
}
