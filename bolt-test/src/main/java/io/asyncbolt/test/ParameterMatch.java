package io.asyncbolt.test;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a RUN's parameters must look. Values compare as the client sent them, numbers by value (an
 * {@code Integer} 42 matches the {@code Long} a driver sends); {@link #anyValue()} in place of a value
 * matches anything present under that key, at any depth.
 *
 * @param mode     exact, subset or any
 * @param expected the parameters to compare with (empty for {@link Mode#ANY})
 */
public record ParameterMatch(Mode mode, Map<String, Object> expected) {

    /** Any parameters at all (the default when a RUN expectation names none). */
    public static final ParameterMatch ANY = new ParameterMatch(Mode.ANY, Map.of());

    /** How the received parameters compare with {@link #expected()}. */
    public enum Mode {
        /** The same keys, each with a matching value. */
        EXACT,
        /** At least these keys, each with a matching value; more are fine. */
        SUBSET,
        /** Anything. */
        ANY
    }

    public ParameterMatch {
        expected = expected == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expected));
    }

    /** Exactly these parameters. */
    public static ParameterMatch exactly(Map<String, ?> parameters) {
        return new ParameterMatch(Mode.EXACT, Map.copyOf(parameters));
    }

    /** At least these parameters. */
    public static ParameterMatch containing(Map<String, ?> parameters) {
        return new ParameterMatch(Mode.SUBSET, Map.copyOf(parameters));
    }

    /** A wildcard value: matches any value (null included) present under its key. */
    public static Object anyValue() {
        return Wildcard.ANY;
    }

    /** The wildcard value of {@link #anyValue()}; written {@code *} in text scripts. */
    public enum Wildcard {
        ANY;

        @Override
        public String toString() {
            return "*";
        }
    }
}
