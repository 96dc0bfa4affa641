package io.asyncbolt.value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A PackStream structure with a tag this library does not know; kept as is so that nothing is lost.
 *
 * @param tag    the tag byte
 * @param fields the decoded fields (may contain {@code null})
 */
public record Structure(byte tag, List<Object> fields) {

    public Structure {
        fields = Collections.unmodifiableList(new ArrayList<>(fields));
    }

    @Override
    public String toString() {
        return String.format("Structure[tag=0x%02X, fields=%s]", tag & 0xFF, fields);
    }
}
