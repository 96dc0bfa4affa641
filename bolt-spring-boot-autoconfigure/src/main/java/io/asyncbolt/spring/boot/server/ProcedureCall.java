package io.asyncbolt.spring.boot.server;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement of the form {@code CALL name(arguments) [YIELD columns ...]}, as {@link BoltQuery#procedure()}
 * mappings see it.
 *
 * @param name the procedure name, without back-ticks
 * @param arguments the text between the parentheses
 * @param yield the columns {@code YIELD} selects, in order; null without {@code YIELD} or with {@code YIELD *}
 */
record ProcedureCall(String name, String arguments, List<String> yield) {

    private static final Pattern CALL = Pattern.compile(
            "(?i)CALL\\s+([\\w.`]+)\\s*\\((.*)\\)(?:\\s+YIELD\\s+(.+))?", Pattern.DOTALL);

    /** The call {@code statement} makes, or null when it is not a procedure call. */
    static ProcedureCall parse(String statement) {
        Matcher call = CALL.matcher(statement);
        if (!call.matches()) {
            return null;
        }
        return new ProcedureCall(call.group(1).replace("`", ""), call.group(2),
                call.group(3) == null ? null : yieldColumns(call.group(3)));
    }

    private static List<String> yieldColumns(String yield) {
        String clause = yield.trim();
        int where = clause.toUpperCase(Locale.ROOT).indexOf(" WHERE ");
        if (where >= 0) {
            clause = clause.substring(0, where);
        }
        int returnIndex = clause.toUpperCase(Locale.ROOT).indexOf(" RETURN ");
        if (returnIndex >= 0) {
            clause = clause.substring(0, returnIndex);
        }
        if (clause.equals("*")) {
            return null;
        }
        return Arrays.stream(clause.split(",")).map(String::trim).toList();
    }
}
