package io.asyncbolt.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The answer to a RUN: the field names, known up front, then a stream of records, then a summary.
 * Records flow with back-pressure: the engine requests only as many as the client pulled (plus a small
 * buffer), and stops requesting while the client is slow to read.
 *
 * @param fields  the column names
 * @param records the rows, each a list of values in field order; each subscription sees the rows once. The
 *                engine subscribes and requests from a network thread, so {@code subscribe} and
 *                {@code request} must not block (produce rows elsewhere, as {@link #of(List, Iterator)} does).
 *                An answer that arrives after a RESET or after the client left is subscribed to and
 *                cancelled at once, so the publisher can close what it holds.
 * @param summary read on a network thread once the records completed: must not block (work it out while
 *                producing the records)
 */
public record QueryResult(List<String> fields, Flow.Publisher<List<Object>> records, Supplier<ResultSummary> summary) {

    public QueryResult {
        fields = List.copyOf(fields);
        Objects.requireNonNull(records, "records");
        summary = summary == null ? () -> ResultSummary.READ : summary;
    }

    /** A result over rows that are produced lazily by an iterator, on the handler executor (it may block). */
    public static QueryResult of(List<String> fields, Iterator<? extends List<?>> rows) {
        return new QueryResult(fields, new IteratorPublisher(rows, false), null);
    }

    /** A result over the given rows; a {@link java.util.Collection} is sent without an executor hand-off. */
    public static QueryResult of(List<String> fields, Iterable<? extends List<?>> rows) {
        return new QueryResult(fields, new IteratorPublisher(rows.iterator(), rows instanceof java.util.Collection<?>),
                null);
    }

    /** One row whose columns are the map's keys, in the map's order (null values allowed). */
    public static QueryResult single(Map<String, ?> row) {
        return of(List.copyOf(row.keySet()), List.of(Collections.unmodifiableList(new ArrayList<>(row.values()))));
    }

    /** No columns, no rows; with the given summary (e.g. the counters of a write). */
    public static QueryResult empty(ResultSummary summary) {
        return new QueryResult(List.of(), new IteratorPublisher(List.<List<?>>of().iterator(), true), () -> summary);
    }

    /** A copy with the given summary. */
    public QueryResult withSummary(ResultSummary summary) {
        return new QueryResult(fields, records, () -> summary);
    }
}
