package io.asyncbolt.client;

import java.util.List;
import java.util.Map;

/**
 * What the server said about a finished result.
 *
 * @param queryType      {@code r}, {@code w}, {@code rw} or {@code s}
 * @param counters       update counters ({@code nodes-created}, ...)
 * @param notifications  notifications (Bolt up to 5.5) or GQL statuses (5.6+)
 * @param database       the database that ran the query
 * @param bookmark       the bookmark of an auto-commit query, or null
 * @param server         the server that ran the query (address, agent, Bolt version)
 * @param resultAvailableAfterMillis {@code t_first}
 * @param resultConsumedAfterMillis  {@code t_last}
 * @param metadata       everything the final SUCCESS carried (plan and profile included)
 */
public record ResultSummary(String queryType, Map<String, Object> counters, List<Object> notifications,
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

    @SuppressWarnings("unchecked")
    static ResultSummary of(Map<String, Object> runMetadata, Map<String, Object> pullMetadata, ServerInfo server) {
        Object type = pullMetadata.get("type");
        if (type != null && !QUERY_TYPES.contains(type)) {
            throw new IllegalArgumentException("The server sent an unknown query type '" + type
                    + "' (expected r, w, rw or s)");
        }
        Object notifications = pullMetadata.containsKey("statuses") ? pullMetadata.get("statuses")
                : pullMetadata.get("notifications");
        return new ResultSummary((String) pullMetadata.get("type"),
                pullMetadata.get("stats") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                notifications instanceof List<?> l ? (List<Object>) l : List.of(),
                (String) pullMetadata.get("db"), (String) pullMetadata.get("bookmark"), server,
                runMetadata.get("t_first") instanceof Long t ? t : -1,
                pullMetadata.get("t_last") instanceof Long t ? t : -1, pullMetadata);
    }
}
