package io.asyncbolt.test.internal;

import io.asyncbolt.test.ParameterMatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares expected with received values and writes values in the notation of text scripts. */
public final class Values {

    private Values() {
    }

    /** Whether {@code actual} matches {@code expected}: wildcards, numbers by value, maps and lists deeply. */
    public static boolean matches(Object expected, Object actual) {
        if (expected == ParameterMatch.Wildcard.ANY) {
            return true;
        }
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            if (integral(e) && integral(a)) {
                return e.longValue() == a.longValue();
            }
            return Double.compare(e.doubleValue(), a.doubleValue()) == 0;
        }
        if (expected instanceof CharSequence e && actual instanceof CharSequence a) {
            return e.toString().equals(a.toString());
        }
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            if (!e.keySet().equals(a.keySet())) {
                return false;
            }
            for (Map.Entry<?, ?> entry : e.entrySet()) {
                if (!matches(entry.getValue(), a.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        List<?> e = asList(expected);
        List<?> a = asList(actual);
        if (e != null && a != null) {
            if (e.size() != a.size()) {
                return false;
            }
            for (int i = 0; i < e.size(); i++) {
                if (!matches(e.get(i), a.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(expected, actual);
    }

    /** Whether two lists hold matching values, in any order (bookmarks). */
    public static boolean matchesIgnoringOrder(Object expected, Object actual) {
        List<?> e = asList(expected);
        List<?> a = asList(actual);
        if (e == null || a == null) {
            return matches(expected, actual);
        }
        if (e.contains(ParameterMatch.Wildcard.ANY)) {
            return matches(expected, actual);
        }
        return e.size() == a.size() && new HashSet<>(e.stream().map(Values::render).toList())
                .equals(new HashSet<>(a.stream().map(Values::render).toList()));
    }

    /**
     * The differences between expected and received entries, one line each (empty when they match).
     *
     * @param subset whether received entries that are not expected are fine
     */
    public static List<String> diff(Map<String, ?> expected, Map<String, ?> actual, boolean subset) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ?> entry : expected.entrySet()) {
            String key = entry.getKey();
            if (!actual.containsKey(key)) {
                lines.add(render(key) + ": missing, expected " + render(entry.getValue()));
            } else {
                Object value = actual.get(key);
                boolean same = key.equals("bookmarks") ? matchesIgnoringOrder(entry.getValue(), value)
                        : matches(entry.getValue(), value);
                if (!same) {
                    lines.add(render(key) + ": expected " + render(entry.getValue()) + ", received " + render(value));
                }
            }
        }
        if (!subset) {
            for (Map.Entry<String, ?> entry : actual.entrySet()) {
                if (!expected.containsKey(entry.getKey())) {
                    lines.add(render(entry.getKey()) + ": not expected, received " + render(entry.getValue()));
                }
            }
        }
        return lines;
    }

    /** A value in the notation of text scripts: JSON, with {@code *} for the wildcard and {@code node {...}} etc. for graph values. */
    public static String render(Object value) {
        StringBuilder out = new StringBuilder();
        render(value, out);
        return out.toString();
    }

    private static void render(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            quote(s.toString(), out);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            out.append(d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? String.format("%.1f", d)
                    : Double.toString(d));
        } else if (value instanceof Number || value instanceof Boolean || value == ParameterMatch.Wildcard.ANY) {
            out.append(value);
        } else if (GraphValues.isGraph(value)) {
            out.append(GraphValues.kind(value)).append(' ');
            render(GraphValues.toMap(value), out);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                quote(String.valueOf(entry.getKey()), out);
                out.append(": ");
                render(entry.getValue(), out);
            }
            out.append('}');
        } else if (asList(value) != null) {
            out.append('[');
            boolean first = true;
            for (Object element : asList(value)) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                render(element, out);
            }
            out.append(']');
        } else {
            out.append(value);
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static List<?> asList(Object value) {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array);
        }
        return null;
    }
}
