package io.asyncbolt.client;

import java.util.Map;

/** Where in the query a notification points: character offset (from 0), line and column (from 1). */
public record InputPosition(long offset, long line, long column) {

    /** The position in a notification's {@code position} or a status's {@code _position}, or null. */
    static InputPosition of(Object value) {
        if (value instanceof Map<?, ?> map && map.get("offset") instanceof Long offset
                && map.get("line") instanceof Long line && map.get("column") instanceof Long column) {
            return new InputPosition(offset, line, column);
        }
        return null;
    }
}
