package io.asyncbolt.protocol.message;

/** RESET: abort running work, roll back any transaction, clear a failure; answered with SUCCESS. */
public record ResetMessage() implements Request {

    public static final byte SIGNATURE = 0x0F;
    public static final ResetMessage INSTANCE = new ResetMessage();

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "RESET";
    }
}
