package io.asyncbolt.server;

import java.util.List;
import java.util.Map;

/**
 * What the final SUCCESS of a result carries besides the engine's own fields.
 *
 * @param queryType     {@code r}, {@code w}, {@code rw} or {@code s}
 * @param counters      update counters ({@code nodes-created}, {@code properties-set}, ...), sent as {@code stats}
 * @param notifications notifications in the 5.5 shape ({@code code}, {@code title}, {@code description},
 *                      {@code severity}, {@code category}); sent as GQL statuses from Bolt 5.6
 * @param bookmark      the bookmark of an auto-commit query, or null to let the engine make one
 * @param plan          the query plan of an {@code EXPLAIN} ({@code operatorType}, {@code identifiers},
 *                      {@code arguments}, {@code children}), sent as {@code plan}; null for none
 */
public record ResultSummary(String queryType, Map<String, Object> counters, List<Map<String, Object>> notifications,
        String bookmark, Map<String, Object> plan) {

    /** A read-only result with nothing to report. */
    public static final ResultSummary READ = new ResultSummary("r", Map.of(), List.of(), null);

    public ResultSummary {
        queryType = queryType == null ? "r" : queryType;
        counters = counters == null ? Map.of() : Map.copyOf(counters);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
    }

    /** A summary without a plan. */
    public ResultSummary(String queryType, Map<String, Object> counters, List<Map<String, Object>> notifications,
            String bookmark) {
        this(queryType, counters, notifications, bookmark, null);
    }

    /** A write result with the given counters, e.g. {@code Map.of("nodes-created", 1L)}. */
    public static ResultSummary write(Map<String, Object> counters) {
        return new ResultSummary("w", counters, List.of(), null);
    }
}
