package io.asyncbolt.testkit;

import io.asyncbolt.client.ResultSummary;
import io.asyncbolt.client.ServerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A client {@link ResultSummary} as testkit's Summary response. */
final class Summaries {

    private static final String[][] COUNTERS = {
        {"constraintsAdded", "constraints-added"}, {"constraintsRemoved", "constraints-removed"},
        {"indexesAdded", "indexes-added"}, {"indexesRemoved", "indexes-removed"},
        {"labelsAdded", "labels-added"}, {"labelsRemoved", "labels-removed"},
        {"nodesCreated", "nodes-created"}, {"nodesDeleted", "nodes-deleted"},
        {"propertiesSet", "properties-set"}, {"relationshipsCreated", "relationships-created"},
        {"relationshipsDeleted", "relationships-deleted"}, {"systemUpdates", "system-updates"},
    };

    private Summaries() {
    }

    static Map<String, Object> toResponse(ResultSummary summary, String query, Map<String, Object> parameters) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverInfo", serverInfo(summary.server()));
        data.put("counters", counters(summary.counters()));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("text", query);
        Map<String, Object> params = new LinkedHashMap<>();
        parameters.forEach((k, v) -> params.put(k, CypherValues.toTestkit(v)));
        q.put("parameters", params);
        data.put("query", q);
        data.put("database", summary.database());
        data.put("notifications", notifications(summary));
        Map<String, Object> plan = summary.plan();
        data.put("plan", plan.isEmpty() ? null : plan);
        Map<String, Object> profile = summary.profile();
        data.put("profile", profile.isEmpty() ? null : profile);
        data.put("queryType", summary.queryType());
        data.put("resultAvailableAfter", summary.resultAvailableAfterMillis() < 0 ? null
                : summary.resultAvailableAfterMillis());
        data.put("resultConsumedAfter", summary.resultConsumedAfterMillis() < 0 ? null
                : summary.resultConsumedAfterMillis());
        return Responses.of("Summary", data);
    }

    static Map<String, Object> serverInfo(ServerInfo server) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("address", server == null ? null : server.address());
        info.put("agent", server == null ? null : server.agent());
        info.put("protocolVersion", server == null || server.protocolVersion() == null ? null
                : server.protocolVersion().toString());
        return info;
    }

    private static Map<String, Object> counters(Map<String, Object> stats) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean updates = false;
        for (String[] c : COUNTERS) {
            long n = stats.get(c[1]) instanceof Number v ? v.longValue() : 0;
            out.put(c[0], n);
            if (n > 0 && !c[0].equals("systemUpdates")) {
                updates = true;
            }
        }
        long system = (Long) out.get("systemUpdates");
        out.put("containsUpdates", stats.get("contains-updates") instanceof Boolean b ? b : updates);
        out.put("containsSystemUpdates", stats.get("contains-system-updates") instanceof Boolean b ? b : system > 0);
        return out;
    }

    /** Notifications as testkit shows them: Bolt's notifications (up to 5.5) as sent, or those among the statuses (5.6+). */
    @SuppressWarnings("unchecked")
    private static List<Object> notifications(ResultSummary summary) {
        boolean statuses = summary.metadata().containsKey("statuses");
        if (!statuses && !summary.metadata().containsKey("notifications")) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Object raw : summary.notifications()) {
            if (!(raw instanceof Map<?, ?> m)) {
                continue;
            }
            Map<String, Object> n = (Map<String, Object>) m;
            Map<String, Object> entry = new LinkedHashMap<>();
            String severity;
            String category;
            Object position;
            if (statuses) {
                if (!(n.get("neo4j_code") instanceof String code)) {
                    continue; // a status that is not a notification
                }
                Map<String, Object> diag = n.get("diagnostic_record") instanceof Map<?, ?> d
                        ? (Map<String, Object>) d : Map.of();
                entry.put("code", code);
                entry.put("title", n.get("title"));
                entry.put("description", n.get("description"));
                severity = (String) diag.get("_severity");
                category = (String) diag.get("_classification");
                position = diag.get("_position");
            } else {
                // Bolt up to 5.5: as the server sent it (the parsed levels belong to notification filters)
                out.add(new LinkedHashMap<>(n));
                continue;
            }
            if (position != null) {
                entry.put("position", position);
            }
            entry.put("severity", severity == null ? "UNKNOWN" : severity);
            entry.put("severityLevel", known(severity, "WARNING", "INFORMATION", "OFF"));
            entry.put("rawSeverityLevel", severity);
            entry.put("category", known(category, "HINT", "UNRECOGNIZED", "UNSUPPORTED", "PERFORMANCE",
                    "DEPRECATION", "SECURITY", "TOPOLOGY", "GENERIC", "SCHEMA"));
            entry.put("rawCategory", category);
            out.add(entry);
        }
        return out;
    }

    private static String known(String value, String... names) {
        if (value == null) {
            return "UNKNOWN";
        }
        String upper = value.toUpperCase(Locale.ROOT);
        for (String name : names) {
            if (name.equals(upper)) {
                return name;
            }
        }
        return "UNKNOWN";
    }
}
