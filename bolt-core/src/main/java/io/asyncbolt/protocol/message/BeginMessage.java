package io.asyncbolt.protocol.message;

import java.util.Map;

/** BEGIN: open an explicit transaction with the given options. */
public record BeginMessage(Map<String, Object> extra) implements Request, TransactionOptions {

    public static final byte SIGNATURE = 0x11;

    public BeginMessage {
        extra = MessageMaps.immutable(extra);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "BEGIN " + extra;
    }
}
