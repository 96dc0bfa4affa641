package io.asyncbolt.client;

import java.util.List;

/**
 * The whole result of {@link BoltClient#executeQuery}: its columns, every record and the summary.
 *
 * @param keys    the column names
 * @param records the records, in order
 * @param summary what the server said about the query
 */
public record EagerResult(List<String> keys, List<Record> records, ResultSummary summary) {

    public EagerResult {
        keys = List.copyOf(keys);
        records = List.copyOf(records);
    }
}
