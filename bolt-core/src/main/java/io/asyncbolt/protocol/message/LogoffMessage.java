package io.asyncbolt.protocol.message;

/** LOGOFF (Bolt 5.1+): log the connection off; LOGON may follow. */
public record LogoffMessage() implements Request {

    public static final byte SIGNATURE = 0x6B;
    public static final LogoffMessage INSTANCE = new LogoffMessage();

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "LOGOFF";
    }
}
