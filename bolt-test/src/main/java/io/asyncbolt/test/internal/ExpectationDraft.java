package io.asyncbolt.test.internal;

import io.asyncbolt.test.Expectation;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ParameterMatch;
import io.asyncbolt.test.Reply;
import io.asyncbolt.test.StatementMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An expectation being written (by the Java DSL or the text script parser); {@link #build()} freezes it. */
public final class ExpectationDraft {

    public final MessageKind kind;
    public final String origin;
    public StatementMatch statement = StatementMatch.ANY;
    public ParameterMatch parameters = ParameterMatch.ANY;
    public final Map<String, Object> extras = new LinkedHashMap<>();
    public List<String> fields;
    public final List<List<Object>> rows = new ArrayList<>();
    public Map<String, Object> stats;
    public String queryType;
    public String bookmark;
    public Reply.Failure failure;
    public List<String> routers;
    public List<String> readers;
    public List<String> writers;
    public long ttlSeconds = 300;

    public ExpectationDraft(MessageKind kind, String origin) {
        this.kind = kind;
        this.origin = origin;
    }

    public Expectation build() {
        return new Expectation(kind, statement, parameters, extras, reply(), origin);
    }

    private Reply reply() {
        if (failure != null) {
            return failure;
        }
        return switch (kind) {
            case RUN -> {
                List<String> names = fields != null ? fields : List.of();
                if (fields == null && !rows.isEmpty()) {
                    throw new IllegalStateException(origin + ": records without fields");
                }
                yield new Reply.Records(names, rows, stats, queryType, bookmark);
            }
            case COMMIT -> new Reply.Success(bookmark);
            case ROUTE -> routers == null && readers == null && writers == null ? Reply.Success.EMPTY
                    : new Reply.Routing(orEmpty(routers), orEmpty(readers), orEmpty(writers), ttlSeconds);
            default -> Reply.Success.EMPTY;
        };
    }

    private static List<String> orEmpty(List<String> addresses) {
        return addresses == null ? List.of() : addresses;
    }
}
