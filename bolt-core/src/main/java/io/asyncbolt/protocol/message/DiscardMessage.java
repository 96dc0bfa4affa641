package io.asyncbolt.protocol.message;

/** DISCARD: drop up to {@code n} records (-1 = all) of result {@code qid} (-1 = the last one). */
public record DiscardMessage(long n, long qid) implements Request {

    public static final byte SIGNATURE = 0x2F;
    /** {@code n} meaning every remaining record. */
    public static final long ALL = -1;
    /** {@code qid} meaning the most recent result. */
    public static final long LAST_QUERY = -1;

    public DiscardMessage {
        if (n == 0 || n < -1) {
            throw new IllegalArgumentException("n must be -1 or positive: " + n);
        }
    }

    /** Every remaining record of the last result. */
    public static DiscardMessage all() {
        return new DiscardMessage(ALL, LAST_QUERY);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "DISCARD {n: " + n + (qid == LAST_QUERY ? "" : ", qid: " + qid) + "}";
    }
}
