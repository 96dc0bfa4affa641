package io.asyncbolt.protocol.message;

import java.util.List;

/** RECORD: one row of a result, values in the order of the RUN SUCCESS {@code fields}. */
public record RecordMessage(List<Object> values) implements Response {

    public static final byte SIGNATURE = 0x71;

    public RecordMessage {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "RECORD " + values;
    }
}
