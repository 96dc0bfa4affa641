package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.QueryResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Turns what a handler method returns into a {@link QueryResult}: a {@code QueryResult} as it is; null or
 * an empty {@code Optional} as one null row or no rows; a collection, array, iterator or
 * {@code Stream} as one row per element; a {@code Flow.Publisher} (or a Reactive Streams
 * {@code Publisher} such as Reactor's {@code Flux} and {@code Mono}) as rows streamed with back-pressure;
 * anything else as one row. Records, beans and maps give one column per component, property or key
 * (a procedure call's {@code YIELD} selects and orders them); other values one column (see
 * {@link ResultColumns}).
 */
final class HandlerResults {

    private final boolean reactiveStreams;

    /** {@code reactiveStreams}: whether the Reactive Streams API is on the class path. */
    HandlerResults(boolean reactiveStreams) {
        this.reactiveStreams = reactiveStreams;
    }

    /**
     * The result of {@code value}, returned by {@code handler}; {@code yield} the columns a procedure
     * call's {@code YIELD} selects (null: all), {@code lazyRows} wraps the iterator of rows that are
     * produced lazily (a stream, an iterator).
     */
    QueryResult toResult(HandlerMethod handler, Object value, List<String> yield,
            UnaryOperator<Iterator<List<Object>>> lazyRows) {
        if (value instanceof QueryResult result) {
            return result;
        }
        ResultColumns columns = new ResultColumns(handler);
        if (value instanceof Optional<?> optional) {
            value = optional.orElse(null);
            if (value == null) {
                return QueryResult.of(yield != null ? yield : columns.declared(), List.<List<?>>of());
            }
        }
        if (value == null) {
            Class<?> returnType = handler.method().getReturnType();
            if (returnType == void.class || returnType == Void.class) {
                return QueryResult.of(List.of(), List.<List<?>>of());
            }
            return QueryResult.of(columns.scalar(), List.of(Collections.singletonList(null)));
        }
        Flow.Publisher<?> publisher = value instanceof Flow.Publisher<?> flow ? flow
                : reactiveStreams ? ReactiveStreams.toFlow(value) : null;
        if (publisher != null) {
            return publisherResult(publisher, columns, yield);
        }
        Iterator<?> rows = iterator(value);
        boolean lazy = rows != null && !(value instanceof Collection<?>) && !(value instanceof Object[]);
        if (rows == null) {
            rows = List.of(value).iterator();
        }
        return rowsResult(rows, columns, yield, lazy ? lazyRows : UnaryOperator.identity());
    }

    /**
     * A {@code Publisher}/{@code Flux}/{@code Mono} of rows: the columns come from {@code columns()} or
     * the declared element type (record components or bean properties), since they must be sent
     * before the first row; PULL n is passed on as request(n).
     */
    private static QueryResult publisherResult(Flow.Publisher<?> publisher, ResultColumns columns,
            List<String> yield) {
        List<String> rowFields = columns.rowFields(columns.publishedElement());
        boolean rows = rowFields != null;
        List<String> fields = rows ? rowFields : columns.scalar();
        List<String> selected = yield != null && rows ? yield : fields;
        return new QueryResult(selected, new RowPublisher(publisher, item -> toRow(item, rows, selected)), null);
    }

    private static QueryResult rowsResult(Iterator<?> rows, ResultColumns columns, List<String> yield,
            UnaryOperator<Iterator<List<Object>>> lazyRows) {
        if (!rows.hasNext()) {
            return QueryResult.of(yield != null ? yield : columns.declared(), List.<List<?>>of());
        }
        Object first = rows.next();
        boolean isRow = BoltValues.isRow(first);
        List<String> fields = isRow ? new ArrayList<>(BoltValues.asMap(first).keySet()) : columns.scalar();
        List<String> selected = yield != null && isRow ? yield : fields;
        Iterator<?> rest = rows;
        Iterator<List<Object>> converted = new Iterator<>() {
            boolean firstSent;

            @Override
            public boolean hasNext() {
                return !firstSent || rest.hasNext();
            }

            @Override
            public List<Object> next() {
                Object element = firstSent ? rest.next() : first;
                firstSent = true;
                return toRow(element, isRow, selected);
            }
        };
        return QueryResult.of(selected, lazyRows.apply(converted));
    }

    /** One row: the {@code selected} fields of a record, bean or map, or the single value itself. */
    private static List<Object> toRow(Object element, boolean isRow, List<String> selected) {
        if (!isRow) {
            return Collections.singletonList(BoltValues.toBolt(element));
        }
        return BoltValues.rowValues(element, selected);
    }

    private static Iterator<?> iterator(Object value) {
        if (value instanceof Map<?, ?>) {
            return null;
        }
        if (value instanceof Iterable<?> iterable) {
            return iterable.iterator();
        }
        if (value instanceof Iterator<?> iterator) {
            return iterator;
        }
        if (value instanceof Stream<?> stream) {
            return stream.iterator();
        }
        if (value instanceof Object[] array) {
            return Arrays.asList(array).iterator();
        }
        return null;
    }

    /** Reactive Streams publishers (Reactor's Flux and Mono among them) seen as Flow publishers. */
    private static final class ReactiveStreams {
        static Flow.Publisher<?> toFlow(Object value) {
            return value instanceof org.reactivestreams.Publisher<?> publisher
                    ? org.reactivestreams.FlowAdapters.toFlowPublisher(publisher) : null;
        }
    }
}
