package io.asyncbolt.testkit;

import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.ResultSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ResultNext, ResultPeek, ResultSingle, ResultSingleOptional, ResultList, ResultConsume over the client's
 * {@link ResultCursor}.
 */
final class ResultRequests {

    private final BackendState state;

    ResultRequests(BackendState state) {
        this.state = state;
    }

    Map<String, Object> register(ResultCursor cursor, String query,
            Map<String, Object> params) {
        String id = state.newId();
        BackendState.ResultHolder holder = new BackendState.ResultHolder(id, cursor, query, params);
        state.results.put(id, holder);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("keys", cursor.keys());
        return Responses.of("Result", data);
    }

    Map<String, Object> next(Request r) {
        BackendState.ResultHolder result = result(r);
        Record record = Await.result(result.cursor().nextAsync());
        return record == null ? Responses.of("NullRecord") : record(record);
    }

    Map<String, Object> peek(Request r) {
        Record record = Await.result(result(r).cursor().peekAsync());
        return record == null ? Responses.of("NullRecord") : record(record);
    }

    Map<String, Object> single(Request r) {
        return record(Await.result(result(r).cursor().singleAsync()));
    }

    Map<String, Object> singleOptional(Request r) {
        BackendState.ResultHolder result = result(r);
        List<Record> all = remaining(result);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("record", all.isEmpty() ? null : values(all.get(0)));
        data.put("warnings", all.size() > 1
                ? List.of("Expected a result with a single record, but it contains multiple records") : List.of());
        return Responses.of("RecordOptional", data);
    }

    Map<String, Object> list(Request r) {
        BackendState.ResultHolder result = result(r);
        List<Object> records = new ArrayList<>();
        for (Record record : remaining(result)) {
            records.add(values(record));
        }
        return Responses.of("RecordList", Map.of("records", records));
    }

    Map<String, Object> consume(Request r) {
        BackendState.ResultHolder result = result(r);
        ResultSummary summary = Await.result(result.cursor().consumeAsync());
        return Summaries.toResponse(summary);
    }

    private static List<Record> remaining(BackendState.ResultHolder result) {
        return Await.result(result.cursor().listAsync());
    }

    private static Map<String, Object> record(Record record) {
        return Responses.of("Record", values(record));
    }

    static Map<String, Object> values(Record record) {
        List<Object> values = new ArrayList<>();
        for (Object value : record.values()) {
            values.add(CypherValues.toTestkit(value));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("values", values);
        return data;
    }

    private BackendState.ResultHolder result(Request r) {
        String id = r.required("resultId");
        BackendState.ResultHolder result = state.results.get(id);
        if (result == null) {
            throw new Errors.BadRequestException("no result " + id);
        }
        return result;
    }
}
