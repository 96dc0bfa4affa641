package io.asyncbolt.test.internal;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ParameterMatch;
import io.asyncbolt.test.Reply;
import io.asyncbolt.test.StatementMatch;
import io.asyncbolt.test.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads text scripts ({@code .bolt} files). The format, line by line ({@code #} starts a comment):
 *
 * <pre>
 * !agent "Neo4j/5.26.0"                    settings first: !agent, !versions 5.8 4.4, !credentials "neo4j" "pw"
 *
 * RUN "MATCH (p:Person) WHERE p.name = $name RETURN p.age AS age"     white space collapsed
 *     params {"name": "Ada"}               exactly these; "params containing {...}" at least these; "params *" any
 *     fields ["age"]
 *     record [36]
 * RUN exactly "RETURN 1"                   character for character; RUN matching "CREATE .*" a regex; RUN * any
 *     failure "Neo.TransientError.Transaction.DeadlockDetected" "try again"
 * BEGIN
 *     extras {"bookmarks": ["bm:1"], "mode": "w"}   at least these extras (bookmarks in any order)
 * RUN "CREATE (:Person {id: $id, at: $at})"
 *     params {"id": 1, "at": *}            * matches any value
 *     stats {"nodes-created": 1}
 * COMMIT
 *     bookmark "bm:2"
 * ROLLBACK
 * ROUTE                                    answered with the stub in every role, or with
 *     routers ["h:7687"]  readers [...]  writers [...]  ttl 300
 *
 * optional { ... }                         blocks span lines: the steps go between the braces
 * repeat 1..3 { ... }                      also repeat 2 { }, repeat 0..* { }, repeat 1..* { }
 * one of { ... } or { ... }                the first alternative matching the next message
 * any order { ... }                        each step once, in any order; group steps with sequence { ... }
 * </pre>
 *
 * Values are JSON (integers are {@code Long}s, decimals {@code Double}s) plus {@code *}, the wildcard, and
 * graph values: {@code node {"id": 4, "elementId": "4:db:4", "labels": ["Movie"], "properties": {...}}},
 * {@code relationship {"id": 7, "start": 4, "end": 5, "type": "ACTED_IN", "properties": {...}}} (element ids
 * {@code "elementId"}, {@code "startElementId"}, {@code "endElementId"} optional) and
 * {@code path {"nodes": [node {...}, ...], "relationships": [relationship {...}, ...]}}; a value may span lines inside its brackets, and strings may span lines. A statement may also be a
 * triple-quoted block ({@code """ ... """}), where quotes need no escapes. Escapes are JSON's; any other
 * backslash stays as written, so {@code matching "count\(p\)"} is the regular expression it shows.
 * Clauses usually go one per line under their message but may share its line
 * ({@code RUN * params {"x": 1}}). Other clauses: {@code type "w"} (query type), {@code bookmark} on an
 * auto-commit RUN.
 */
public final class ScriptParser {

    private static final Set<String> MESSAGES = Set.of("RUN", "BEGIN", "COMMIT", "ROLLBACK", "ROUTE");
    private static final Set<String> CLAUSES = Set.of("params", "extras", "fields", "record", "stats", "type",
            "bookmark", "failure", "routers", "readers", "writers", "ttl");

    private final String name;
    private final String text;
    private int pos;

    private ScriptParser(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * Parses {@code text}, adding its steps to {@code steps} and its settings to {@code settings}.
     *
     * @throws IllegalArgumentException naming the line of the first error
     */
    public static void parse(String name, String text, List<Object> steps, StubSettings.Builder settings) {
        ScriptParser parser = new ScriptParser(name, text);
        parser.headers(settings);
        steps.addAll(parser.steps(false));
    }

    // ------------------------------------------------------------ structure

    private void headers(StubSettings.Builder settings) {
        while (true) {
            skipBlank();
            if (!peek('!')) {
                return;
            }
            int line = line();
            pos++;
            String header = word();
            try {
                switch (header) {
                    case "agent" -> settings.agent(string());
                    case "credentials" -> settings.credentials(string(), string());
                    case "versions" -> {
                        List<BoltVersion> versions = new ArrayList<>();
                        while (!atLineEnd()) {
                            versions.add(BoltVersion.parse(word()));
                        }
                        settings.versions(versions);
                    }
                    default -> throw error("unknown setting !" + header + " (known: !agent, !versions, !credentials)");
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(name + ":") ? e : new IllegalArgumentException(name + ":" + line + ": "
                        + e.getMessage(), e);
            }
            endOfLine();
        }
    }

    private List<Step> steps(boolean inBlock) {
        List<Step> steps = new ArrayList<>();
        List<Object> items = new ArrayList<>();
        while (true) {
            skipBlank();
            if (pos >= text.length()) {
                if (inBlock) {
                    throw error("missing } at the end of the script");
                }
                break;
            }
            if (peek('}')) {
                if (!inBlock) {
                    throw error("} without a block to close");
                }
                break;
            }
            if (peek('!')) {
                throw error("settings (!" + word() + ") go before the first step");
            }
            int start = pos;
            String word = word();
            if (MESSAGES.contains(word)) {
                items.add(message(MessageKind.valueOf(word), line(start)));
            } else {
                items.add(block(word));
            }
        }
        for (Object item : items) {
            steps.add(item instanceof ExpectationDraft draft ? draft.build() : (Step) item);
        }
        return steps;
    }

    private Step block(String word) {
        switch (word) {
            case "optional" -> {
                return new Step.Optional(braced());
            }
            case "sequence" -> {
                return new Step.Sequence(braced());
            }
            case "repeat" -> {
                String range = word();
                int min;
                int max;
                int dots = range.indexOf("..");
                try {
                    if (dots < 0) {
                        min = Integer.parseInt(range);
                        max = min;
                    } else {
                        min = Integer.parseInt(range.substring(0, dots));
                        String upper = range.substring(dots + 2);
                        max = upper.equals("*") ? Step.Repeat.UNBOUNDED : Integer.parseInt(upper);
                    }
                } catch (NumberFormatException e) {
                    throw error("repeat needs a count or a range such as 1..3 or 0..*, not '" + range + "'");
                }
                List<Step> body = braced();
                try {
                    return new Step.Repeat(body, min, max);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            case "one" -> {
                keyword("of");
                List<List<Step>> alternatives = new ArrayList<>();
                alternatives.add(braced());
                while (true) {
                    int mark = pos;
                    skipBlank();
                    if (pos < text.length() && Character.isLetter(text.charAt(pos)) && word().equals("or")) {
                        alternatives.add(braced());
                    } else {
                        pos = mark;
                        break;
                    }
                }
                return new Step.OneOf(alternatives);
            }
            case "any" -> {
                keyword("order");
                return new Step.AnyOrder(braced());
            }
            default -> throw error("expected RUN, BEGIN, COMMIT, ROLLBACK, ROUTE, optional, repeat, one of, any order"
                    + " or sequence, not '" + word + "'");
        }
    }

    private List<Step> braced() {
        skipSpaces();
        expect('{');
        List<Step> steps = steps(true);
        expect('}');
        return steps;
    }

    private ExpectationDraft message(MessageKind kind, int line) {
        ExpectationDraft draft = new ExpectationDraft(kind, name + ":" + line);
        if (kind == MessageKind.RUN) {
            skipSpaces();
            if (peek('*')) {
                pos++;
                draft.statement = StatementMatch.ANY;
            } else if (peek('"')) {
                draft.statement = StatementMatch.collapsed(string());
            } else {
                String how = word();
                String statement = string();
                draft.statement = switch (how) {
                    case "exactly" -> StatementMatch.exactly(statement);
                    case "matching" -> {
                        try {
                            yield StatementMatch.regex(statement);
                        } catch (java.util.regex.PatternSyntaxException e) {
                            throw error("not a regular expression: " + e.getDescription());
                        }
                    }
                    default -> throw error("RUN takes a statement: \"...\", exactly \"...\", matching \"...\" or *");
                };
            }
        }
        while (true) {
            int mark = pos;
            skipBlank();
            if (pos >= text.length() || !Character.isLetter(text.charAt(pos))) {
                pos = mark;
                break;
            }
            int clauseStart = pos;
            String clause = word();
            if (!CLAUSES.contains(clause)) {
                pos = mark;
                break;
            }
            clause(draft, clause, clauseStart);
        }
        if (draft.rows.size() > 0 && draft.fields == null) {
            throw new IllegalArgumentException(draft.origin + ": records without fields");
        }
        if (draft.fields != null) {
            for (List<Object> row : draft.rows) {
                if (row.size() != draft.fields.size()) {
                    throw new IllegalArgumentException(draft.origin + ": record " + Values.render(row) + " has "
                            + row.size() + " values for the fields " + Values.render(draft.fields));
                }
            }
        }
        return draft;
    }

    @SuppressWarnings("unchecked")
    private void clause(ExpectationDraft draft, String clause, int start) {
        boolean run = draft.kind == MessageKind.RUN;
        switch (clause) {
            case "params" -> {
                only(run, clause, start, "RUN");
                skipSpaces();
                if (peek('*')) {
                    pos++;
                    draft.parameters = ParameterMatch.ANY;
                } else if (Character.isLetter(current())) {
                    keyword("containing");
                    draft.parameters = new ParameterMatch(ParameterMatch.Mode.SUBSET, map());
                } else {
                    draft.parameters = new ParameterMatch(ParameterMatch.Mode.EXACT, map());
                }
            }
            case "extras" -> draft.extras.putAll(map());
            case "fields" -> {
                only(run, clause, start, "RUN");
                List<String> fields = new ArrayList<>();
                for (Object field : list()) {
                    if (!(field instanceof String s)) {
                        throw error("fields are strings, not " + Values.render(field));
                    }
                    fields.add(s);
                }
                draft.fields = fields;
            }
            case "record" -> {
                only(run, clause, start, "RUN");
                draft.rows.add(list());
            }
            case "stats" -> {
                only(run, clause, start, "RUN");
                draft.stats = map();
            }
            case "type" -> {
                only(run, clause, start, "RUN");
                draft.queryType = string();
            }
            case "bookmark" -> {
                only(run || draft.kind == MessageKind.COMMIT, clause, start, "RUN and COMMIT");
                draft.bookmark = string();
            }
            case "failure" -> {
                String code = string();
                skipSpaces();
                String message = peek('"') ? string() : null;
                try {
                    draft.failure = new Reply.Failure(code, message);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            case "routers", "readers", "writers" -> {
                only(draft.kind == MessageKind.ROUTE, clause, start, "ROUTE");
                List<String> addresses = (List<String>) (List<?>) list();
                switch (clause) {
                    case "routers" -> draft.routers = addresses;
                    case "readers" -> draft.readers = addresses;
                    default -> draft.writers = addresses;
                }
            }
            case "ttl" -> {
                only(draft.kind == MessageKind.ROUTE, clause, start, "ROUTE");
                Object ttl = value();
                if (!(ttl instanceof Long seconds)) {
                    throw error("ttl is a number of seconds");
                }
                draft.ttlSeconds = seconds;
            }
            default -> throw error("unknown clause " + clause);
        }
    }

    private void only(boolean allowed, String clause, int start, String kinds) {
        if (!allowed) {
            pos = start;
            throw error("'" + clause + "' belongs to " + kinds);
        }
    }

    // ------------------------------------------------------------ values

    private Map<String, Object> map() {
        skipSpaces();
        if (!peek('{')) {
            throw error("expected a map {...}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value();
        return map;
    }

    private List<Object> list() {
        skipSpaces();
        if (!peek('[')) {
            throw error("expected a list [...]");
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) value();
        return list;
    }

    /** A JSON value or {@code *}; inside brackets, newlines and comments are white space. */
    private Object value() {
        skipSpaces();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '*' -> {
                pos++;
                return ParameterMatch.Wildcard.ANY;
            }
            case '"' -> {
                return string();
            }
            case '{' -> {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                skipAll();
                if (peek('}')) {
                    pos++;
                    return map;
                }
                while (true) {
                    skipAll();
                    if (!peek('"')) {
                        throw error("expected a \"key\" in the map");
                    }
                    String key = string();
                    skipAll();
                    expect(':');
                    skipAll();
                    map.put(key, value());
                    skipAll();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect('}');
                    return map;
                }
            }
            case '[' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                skipAll();
                if (peek(']')) {
                    pos++;
                    return list;
                }
                while (true) {
                    skipAll();
                    list.add(value());
                    skipAll();
                    if (peek(',')) {
                        pos++;
                        continue;
                    }
                    expect(']');
                    return list;
                }
            }
            default -> {
                int start = pos;
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                        || "+-.".indexOf(text.charAt(pos)) >= 0)) {
                    pos++;
                }
                String token = text.substring(start, pos);
                switch (token) {
                    case "true":
                        return Boolean.TRUE;
                    case "false":
                        return Boolean.FALSE;
                    case "null":
                        return null;
                    case "node", "relationship", "path":
                        return graphValue(token);
                    default:
                        break;
                }
                try {
                    if (token.matches("-?\\d+")) {
                        return Long.parseLong(token);
                    }
                    return Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    pos = start;
                    throw error("expected a value (JSON or *), not '" + (token.isEmpty() ? String.valueOf(c) : token)
                            + "'");
                }
            }
        }
    }

    /** {@code node {...}}, {@code relationship {...}} or {@code path {...}}: a graph value from its map. */
    private Object graphValue(String kind) {
        skipSpaces();
        if (!peek('{')) {
            throw error("expected a map {...} after '" + kind + "'");
        }
        int at = pos;
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) value();
        try {
            return GraphValues.fromMap(kind, map);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
            pos = at;
            throw error("not a " + kind + ": " + e.getMessage());
        }
    }

    private String string() {
        skipSpaces();
        if (text.startsWith("\"\"\"", pos)) {
            int end = text.indexOf("\"\"\"", pos + 3);
            if (end < 0) {
                throw error("missing closing \"\"\"");
            }
            String block = text.substring(pos + 3, end);
            pos = end + 3;
            return block.strip();
        }
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("missing closing \"");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    throw error("unfinished escape");
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("unfinished \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    case '"', '\\', '/' -> out.append(e);
                    default -> out.append('\\').append(e);   // kept: regular expressions read as written
                }
            } else {
                out.append(c);
            }
        }
    }

    // ------------------------------------------------------------ characters

    private String word() {
        skipSpaces();
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "{}[]\"#".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a word");
        }
        return text.substring(start, pos);
    }

    private void keyword(String keyword) {
        int start = pos;
        String word = word();
        if (!word.equals(keyword)) {
            pos = start;
            throw error("expected '" + keyword + "'");
        }
    }

    private char current() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private boolean atLineEnd() {
        skipSpaces();
        return pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '#';
    }

    /** Only spaces and a comment may follow; a block's closing brace may too. */
    private void endOfLine() {
        if (!atLineEnd() && !peek('}')) {
            throw error("unexpected '" + text.substring(pos, Math.min(text.length(), text.indexOf('\n', pos) < 0
                    ? text.length() : text.indexOf('\n', pos))).strip() + "' at the end of the line");
        }
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    /** Skips white space, newlines and comments. */
    private void skipBlank() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void skipAll() {
        skipBlank();
    }

    private int line() {
        return line(pos);
    }

    private int line(int at) {
        int line = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(name + ":" + line() + ": " + message);
    }
}
