package io.asyncbolt.test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An expected RUN: its parameters, and the result or FAILURE the stub answers with. Without
 * {@link #returns} the answer has no fields and no records.
 */
public final class RunExpectation extends ExpectationBuilder<RunExpectation> {

    RunExpectation(ScriptBuilder parent, StatementMatch statement, String origin) {
        super(parent, MessageKind.RUN, origin);
        draft.statement = statement;
    }

    /** Exactly these parameters ({@link ParameterMatch#anyValue()} matches any value under its key). */
    public RunExpectation withParameters(Map<String, ?> parameters) {
        draft.parameters = ParameterMatch.exactly(parameters);
        return this;
    }

    /** At least these parameters; others may come too. */
    public RunExpectation withParametersContaining(Map<String, ?> parameters) {
        draft.parameters = ParameterMatch.containing(parameters);
        return this;
    }

    /** Any parameters (the default). */
    public RunExpectation withAnyParameters() {
        draft.parameters = ParameterMatch.ANY;
        return this;
    }

    /** The result's field names; records follow with {@link #row}. */
    public RunExpectation returns(String... fields) {
        draft.fields = List.of(fields);
        return this;
    }

    /** One record, its values in field order ({@code Integer}s, {@code Map}s, {@code List}s, graph values...). */
    public RunExpectation row(Object... values) {
        draft.rows.add(Arrays.asList(values));
        return this;
    }

    /** Records, each a list of values in field order. */
    public RunExpectation rows(List<? extends List<?>> rows) {
        rows.forEach(row -> draft.rows.add(List.copyOf(row)));
        return this;
    }

    /** The summary's counters, e.g. {@code Map.of("nodes-created", 1)}; the query type becomes {@code w}. */
    public RunExpectation withStats(Map<String, ?> stats) {
        draft.stats = Map.copyOf(stats);
        return this;
    }

    /** The summary's query type: {@code r}, {@code w}, {@code rw} or {@code s}. */
    public RunExpectation withQueryType(String type) {
        draft.queryType = type;
        return this;
    }

    /** The bookmark an auto-commit RUN's summary carries (by default one of the stub's). */
    public RunExpectation returnsBookmark(String bookmark) {
        draft.bookmark = bookmark;
        return this;
    }
}
