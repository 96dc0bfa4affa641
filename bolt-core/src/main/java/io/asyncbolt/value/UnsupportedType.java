package io.asyncbolt.value;

import io.asyncbolt.protocol.BoltVersion;
import java.util.Objects;

/**
 * Placeholder for a value whose type needs a newer protocol version than the one negotiated
 * (PackStream struct {@code ?}, Bolt 6.0+, server to client).
 *
 * @param name           the type name, e.g. {@code "VECTOR"}
 * @param minimumVersion the lowest Bolt version that can carry the value
 * @param message        optional human-readable explanation, may be {@code null}
 */
public record UnsupportedType(String name, BoltVersion minimumVersion, String message) {

    public UnsupportedType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(minimumVersion, "minimumVersion");
    }
}
