package io.asyncbolt.client;

import java.util.List;
import java.util.Map;

/**
 * What the server said about a finished result.
 *
 * @param query            the query text
 * @param parameters       its parameters
 * @param queryType        {@code r}, {@code w}, {@code rw} or {@code s}, or null when the server did not say
 * @param counters         update counters ({@code nodes-created}, ...)
 * @param notifications    the notifications (derived from the GQL statuses on Bolt 5.6+)
 * @param gqlStatusObjects the GQL statuses (derived from the outcome and the notifications before 5.6)
 * @param database         the database that ran the query
 * @param bookmark         the bookmark of an auto-commit query, or null
 * @param server           the server that ran the query (address, agent, Bolt version)
 * @param resultAvailableAfterMillis {@code t_first}, or -1
 * @param resultConsumedAfterMillis  {@code t_last}, or -1
 * @param metadata         everything the final SUCCESS carried (plan and profile included)
 */
public record ResultSummary(String query, Map<String, Object> parameters, String queryType,
        Map<String, Object> counters, List<Notification> notifications, List<GqlStatusObject> gqlStatusObjects,
        String database, String bookmark, ServerInfo server, long resultAvailableAfterMillis,
        long resultConsumedAfterMillis, Map<String, Object> metadata) {

    private static final java.util.Set<String> QUERY_TYPES = java.util.Set.of("r", "w", "rw", "s");

    /** The server's agent string. */
    public String serverAgent() {
        return server.agent();
    }

    /** The query plan of an {@code EXPLAIN}, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> plan() {
        return metadata.get("plan") instanceof Map<?, ?> plan ? (Map<String, Object>) plan : Map.of();
    }

    /** The executed plan with row counts and db hits of a {@code PROFILE}, or an empty map. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> profile() {
        return metadata.get("profile") instanceof Map<?, ?> profile ? (Map<String, Object>) profile : Map.of();
    }

    /** Whether the query changed data (any counter but the system ones above zero, or {@code contains-updates}). */
    public boolean containsUpdates() {
        if (counters.get("contains-updates") instanceof Boolean said) {
            return said; // the server's own word wins over the counters
        }
        for (Map.Entry<String, Object> e : counters.entrySet()) {
            if (!e.getKey().startsWith("system-updates") && !e.getKey().startsWith("contains-")
                    && e.getValue() instanceof Long n && n > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the query changed the system database. */
    public boolean containsSystemUpdates() {
        if (counters.get("contains-system-updates") instanceof Boolean said) {
            return said;
        }
        return counters.get("system-updates") instanceof Long n && n > 0;
    }

    /** A counter ({@code nodes-created}, ...), 0 when absent. */
    public long counter(String name) {
        return counters.get(name) instanceof Long n ? n : 0;
    }

    @SuppressWarnings("unchecked")
    static ResultSummary of(String query, Map<String, Object> parameters, Map<String, Object> runMetadata,
            Map<String, Object> pullMetadata, ServerInfo server, boolean hadRecords) {
        Object type = pullMetadata.get("type");
        if (type != null && !QUERY_TYPES.contains(type)) {
            throw new IllegalArgumentException("The server sent an unknown query type '" + type
                    + "' (expected r, w, rw or s)");
        }
        boolean hasFields = runMetadata.get("fields") instanceof List<?> fields && !fields.isEmpty();
        return new ResultSummary(query, parameters, (String) type,
                pullMetadata.get("stats") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                SummaryStatuses.notifications(pullMetadata),
                SummaryStatuses.statuses(pullMetadata, hasFields, hadRecords),
                pullMetadata.get("db") instanceof String db ? db : null,
                pullMetadata.get("bookmark") instanceof String b ? b : null, server,
                runMetadata.get("t_first") instanceof Long t ? t : -1,
                pullMetadata.get("t_last") instanceof Long t ? t : -1, pullMetadata);
    }
}
