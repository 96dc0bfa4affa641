package io.asyncbolt.protocol.message;

/** ROLLBACK: roll back the open explicit transaction. */
public record RollbackMessage() implements Request {

    public static final byte SIGNATURE = 0x13;
    public static final RollbackMessage INSTANCE = new RollbackMessage();

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "ROLLBACK";
    }
}
