package io.asyncbolt.spring.boot.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the argument list of {@code CALL proc(...)}: parameters ({@code $name}) and simple literals
 * (strings, integers, floats, booleans, null). Anything more complex (expressions, lists, maps) gives
 * null: then only named binding applies.
 */
final class ProcedureArguments {

    /** A {@code $name} argument. */
    record Reference(String name) {
    }

    private ProcedureArguments() {
    }

    static List<Object> parse(String text) {
        List<Object> arguments = new ArrayList<>();
        String rest = text.trim();
        if (rest.isEmpty()) {
            return arguments;
        }
        int i = 0;
        while (i < rest.length()) {
            char c = rest.charAt(i);
            int end;
            Object value;
            if (c == '\'' || c == '"') {
                StringBuilder literal = new StringBuilder();
                end = i + 1;
                while (end < rest.length() && rest.charAt(end) != c) {
                    if (rest.charAt(end) == '\\' && end + 1 < rest.length()) {
                        end++;
                    }
                    literal.append(rest.charAt(end++));
                }
                if (end >= rest.length()) {
                    return null;
                }
                value = literal.toString();
                end++;
            } else {
                end = rest.indexOf(',', i);
                end = end < 0 ? rest.length() : end;
                value = literal(rest.substring(i, end).trim());
                if (value == Unsupported.INSTANCE) {
                    return null;
                }
            }
            arguments.add(value);
            while (end < rest.length() && Character.isWhitespace(rest.charAt(end))) {
                end++;
            }
            if (end < rest.length() && rest.charAt(end) != ',') {
                return null;
            }
            i = end + 1;
            while (i < rest.length() && Character.isWhitespace(rest.charAt(i))) {
                i++;
            }
        }
        return arguments;
    }

    private enum Unsupported { INSTANCE }

    private static Object literal(String token) {
        if (token.startsWith("$") && token.length() > 1) {
            return new Reference(token.substring(1).replace("`", ""));
        }
        switch (token.toLowerCase(java.util.Locale.ROOT)) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        try {
            return Long.parseLong(token);
        } catch (NumberFormatException notLong) {
            try {
                return Double.parseDouble(token);
            } catch (NumberFormatException notDouble) {
                return Unsupported.INSTANCE;
            }
        }
    }
}
