package io.asyncbolt.test.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes a conversation as a text script, one expectation at a time. Thread-safe. */
public final class ScriptWriter {

    private final StringBuilder text = new StringBuilder();
    private final Set<String> loose;

    /** @param loose parameter names written as {@code *} (values that change from run to run) */
    public ScriptWriter(String header, Set<String> loose) {
        this.loose = Set.copyOf(loose);
        header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        text.append('\n');
    }

    /** One expected message: its head line ({@code RUN "..."}, {@code BEGIN}) and its clauses. */
    public synchronized void expectation(String head, List<String> clauses) {
        text.append(head).append('\n');
        clauses.forEach(clause -> text.append("    ").append(clause).append('\n'));
    }

    /** The script so far. */
    public synchronized String text() {
        return text.toString();
    }

    /** {@code RUN "..."}, or a triple-quoted block for statements with quotes or line breaks. */
    public static String run(String statement) {
        if ((statement.contains("\"") || statement.contains("\n")) && !statement.contains("\"\"\"")
                && !statement.contains("\\")) {
            return "RUN \"\"\"\n" + statement.strip() + "\n\"\"\"";
        }
        return "RUN " + Values.render(statement);
    }

    /** The {@code params} clause, loose parameters as {@code *}, keys sorted (scripts diff well). */
    public String params(Map<String, Object> parameters) {
        Map<String, Object> written = new java.util.TreeMap<>();
        parameters.forEach((name, value) -> written.put(name, loose.contains(name)
                ? io.asyncbolt.test.ParameterMatch.anyValue() : value));
        return "params " + Values.render(written);
    }

    /**
     * The clauses of a result: fields, records, non-zero counters. Graph values are written as
     * {@code node {...}}, {@code relationship {...}}, {@code path {...}}; other values JSON cannot hold (dates,
     * points...) as strings of their text, with a comment saying so.
     */
    public static List<String> result(List<String> fields, List<List<Object>> rows, Map<String, Object> counters) {
        List<String> clauses = new ArrayList<>();
        clauses.add("fields " + Values.render(fields));
        Set<String> approximated = new java.util.TreeSet<>();
        rows.forEach(row -> clauses.add("record " + Values.render(jsonOnly(row, approximated))));
        if (!approximated.isEmpty()) {
            clauses.add("# values of " + String.join(", ", approximated) + " written as strings: replayed as strings");
        }
        Map<String, Object> stats = new java.util.TreeMap<>();
        counters.forEach((name, value) -> {
            if (value instanceof Number n && n.longValue() != 0) {
                stats.put(name, n.longValue());
            }
        });
        if (!stats.isEmpty()) {
            clauses.add("stats " + Values.render(stats));
        }
        return clauses;
    }

    private static Object jsonOnly(Object value, Set<String> approximated) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(element -> jsonOnly(element, approximated)).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((key, element) -> copy.put(String.valueOf(key), jsonOnly(element, approximated)));
            return copy;
        }
        if (GraphValues.isGraph(value)) {
            return GraphValues.mapProperties(value, properties -> {
                Map<String, Object> copy = new java.util.LinkedHashMap<>();
                properties.forEach((key, element) -> copy.put(key, jsonOnly(element, approximated)));
                return copy;
            });
        }
        approximated.add(value.getClass().getSimpleName());
        return String.valueOf(value);
    }

    public static String failure(String code, String message) {
        return "failure " + Values.render(code) + " " + Values.render(message);
    }
}
