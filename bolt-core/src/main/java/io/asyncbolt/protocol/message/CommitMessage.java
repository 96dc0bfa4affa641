package io.asyncbolt.protocol.message;

/** COMMIT: commit the open explicit transaction; SUCCESS carries a bookmark. */
public record CommitMessage() implements Request {

    public static final byte SIGNATURE = 0x12;
    public static final CommitMessage INSTANCE = new CommitMessage();

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "COMMIT";
    }
}
