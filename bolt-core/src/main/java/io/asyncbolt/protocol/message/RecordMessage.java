package io.asyncbolt.protocol.message;

import java.util.List;

/**
 * RECORD: one row of a result, values in the order of the RUN SUCCESS {@code fields}.
 *
 * @param values       the values
 * @param invalidValue set by the decoder when a value is well-formed but cannot be represented here (a
 *                     time zone id this JVM does not know): why; the values are then incomplete. Null
 *                     otherwise.
 */
public record RecordMessage(List<Object> values, String invalidValue) implements Response {

    public static final byte SIGNATURE = 0x71;

    public RecordMessage {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
    }

    public RecordMessage(List<Object> values) {
        this(values, null);
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
