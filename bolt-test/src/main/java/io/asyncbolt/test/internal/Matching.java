package io.asyncbolt.test.internal;

import io.asyncbolt.test.Expectation;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ParameterMatch;
import io.asyncbolt.test.ReceivedMessage;
import io.asyncbolt.test.StatementMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whether a received message meets an expectation, and if not, why, in lines a reader can follow. */
public final class Matching {

    private Matching() {
    }

    public static boolean matches(Expectation expected, ReceivedMessage received) {
        return expected.kind() == received.kind() && explain(expected, received).isEmpty();
    }

    /** The differences, one per line, indented by two; empty when the message matches. */
    public static List<String> explain(Expectation expected, ReceivedMessage received) {
        List<String> lines = new ArrayList<>();
        if (expected.kind() != received.kind()) {
            lines.add("  message: expected " + expected.kind() + ", received " + received.kind());
            return lines;
        }
        if (received.kind() == MessageKind.RUN && !expected.statement().matches(received.statement())) {
            lines.addAll(statementDiff(expected.statement(), received.statement()));
        }
        ParameterMatch parameters = expected.parameters();
        if (parameters.mode() != ParameterMatch.Mode.ANY) {
            List<String> diff = Values.diff(parameters.expected(), received.parameters(),
                    parameters.mode() == ParameterMatch.Mode.SUBSET);
            if (!diff.isEmpty()) {
                lines.add("  parameters" + (parameters.mode() == ParameterMatch.Mode.SUBSET ? " (at least)" : "")
                        + ": expected " + Values.render(parameters.expected()) + ", received "
                        + Values.render(received.parameters()));
                diff.forEach(line -> lines.add("    " + line));
            }
        }
        Map<String, Object> receivedExtras = received.extras();
        if (expected.extras().containsKey("bookmarks") && !receivedExtras.containsKey("bookmarks")) {
            receivedExtras = new java.util.LinkedHashMap<>(receivedExtras);
            receivedExtras.put("bookmarks", List.of());   // no bookmarks sent: an empty list
        }
        List<String> extras = Values.diff(expected.extras(), receivedExtras, true);
        if (!extras.isEmpty()) {
            lines.add("  extras: expected " + Values.render(expected.extras()) + " (at least), received "
                    + Values.render(received.extras()));
            extras.forEach(line -> lines.add("    " + line));
        }
        return lines;
    }

    private static List<String> statementDiff(StatementMatch expected, String received) {
        List<String> lines = new ArrayList<>();
        if (expected instanceof StatementMatch.Regex) {
            lines.add("  statement: expected to match /" + expected.expected() + "/");
            lines.add("             received " + Values.render(StatementMatch.collapse(received)));
            return lines;
        }
        boolean exact = expected instanceof StatementMatch.Exact;
        String want = Values.render(expected.expected());
        String got = Values.render(exact ? received : StatementMatch.collapse(received));
        int at = 0;
        while (at < want.length() && at < got.length() && want.charAt(at) == got.charAt(at)) {
            at++;
        }
        lines.add("  statement" + (exact ? " (exactly)" : "") + ":");
        lines.add("    expected " + want);
        lines.add("    received " + got);
        lines.add("             " + " ".repeat(at) + "^ first difference at character " + at
                + (exact ? "" : " (white space collapsed)"));
        return lines;
    }

    /** The expectation in the notation of text scripts, with where it was written. */
    public static String describe(Expectation expected) {
        StringBuilder text = new StringBuilder(expected.kind().name());
        if (expected.kind() == MessageKind.RUN) {
            StatementMatch statement = expected.statement();
            if (statement instanceof StatementMatch.Exact) {
                text.append(" exactly");
            } else if (statement instanceof StatementMatch.Regex) {
                text.append(" matching");
            }
            text.append(' ').append(statement instanceof StatementMatch.Any ? "*" : Values.render(statement.expected()));
            ParameterMatch parameters = expected.parameters();
            if (parameters.mode() != ParameterMatch.Mode.ANY) {
                text.append(parameters.mode() == ParameterMatch.Mode.SUBSET ? " containing " : " ")
                        .append(Values.render(parameters.expected()));
            }
        }
        Map<String, Object> extras = expected.extras();
        if (!extras.isEmpty()) {
            text.append(" extras ").append(Values.render(extras));
        }
        if (!expected.origin().isEmpty()) {
            text.append("   (").append(expected.origin()).append(')');
        }
        return text.toString();
    }
}
