package io.asyncbolt.test;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the stub answers to an expected message. */
public sealed interface Reply {

    /**
     * A result: the fields, the records (each a list of values in field order), and the summary's
     * counters, query type and, for an auto-commit RUN, bookmark.
     *
     * @param queryType {@code r}, {@code w}, {@code rw} or {@code s}; null for {@code w} when there are
     *                  counters, else {@code r}
     * @param bookmark  the bookmark of an auto-commit query, or null for one made by the stub
     */
    record Records(List<String> fields, List<List<Object>> rows, Map<String, Object> stats, String queryType,
            String bookmark) implements Reply {

        public Records {
            fields = List.copyOf(fields);
            rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(row)))
                    .toList();
            stats = stats == null ? Map.of() : Map.copyOf(stats);
            for (List<Object> row : rows) {
                if (row.size() != fields.size()) {
                    throw new IllegalArgumentException("record " + row + " has " + row.size() + " values for "
                            + fields.size() + " fields " + fields);
                }
            }
        }
    }

    /** A FAILURE with a Neo4j status code, e.g. {@code Neo.TransientError.Transaction.DeadlockDetected}. */
    record Failure(String code, String message) implements Reply {
        public Failure {
            Objects.requireNonNull(code, "code");
            if (!code.startsWith("Neo.")) {
                throw new IllegalArgumentException("a Neo4j status code starts with 'Neo.': " + code);
            }
            message = message == null ? code : message;
        }
    }

    /**
     * A plain SUCCESS: for BEGIN and ROLLBACK; for COMMIT with the bookmark (null for one made by the stub);
     * for ROUTE a table naming the stub in every role. For RUN, no fields and no records.
     */
    record Success(String bookmark) implements Reply {
        public static final Success EMPTY = new Success(null);
    }

    /** For ROUTE: a routing table of {@code host:port} addresses, valid for {@code ttlSeconds}. */
    record Routing(List<String> routers, List<String> readers, List<String> writers, long ttlSeconds)
            implements Reply {
        public Routing {
            routers = List.copyOf(routers);
            readers = List.copyOf(readers);
            writers = List.copyOf(writers);
        }
    }
}
