package io.asyncbolt.protocol.message;

import java.util.List;
import java.util.Map;

/** SUCCESS: the request succeeded; {@code metadata} depends on the request. */
public record SuccessMessage(Map<String, Object> metadata) implements Response {

    public static final byte SIGNATURE = 0x70;
    public static final SuccessMessage EMPTY = new SuccessMessage(Map.of());

    public SuccessMessage {
        metadata = MessageMaps.immutable(metadata);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    /** {@code has_more}: true when a PULL or DISCARD left records in the stream. */
    public boolean hasMore() {
        return Boolean.TRUE.equals(metadata.get("has_more"));
    }

    /** The {@code fields} of a RUN SUCCESS. */
    public List<String> fields() {
        return MessageMaps.strings(metadata, "fields");
    }

    /** The {@code bookmark} of a COMMIT or final auto-commit PULL SUCCESS, or null. */
    public String bookmark() {
        return MessageMaps.string(metadata, "bookmark");
    }

    @Override
    public String toString() {
        return "SUCCESS " + metadata;
    }
}
