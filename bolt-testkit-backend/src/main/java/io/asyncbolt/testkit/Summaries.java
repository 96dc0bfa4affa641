package io.asyncbolt.testkit;

import io.asyncbolt.client.GqlStatusObject;
import io.asyncbolt.client.InputPosition;
import io.asyncbolt.client.Notification;
import io.asyncbolt.client.ResultSummary;
import io.asyncbolt.client.ServerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    static Map<String, Object> toResponse(ResultSummary summary) {
        return Responses.of("Summary", body(summary));
    }

    static Map<String, Object> body(ResultSummary summary) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serverInfo", serverInfo(summary.server()));
        data.put("counters", counters(summary));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("text", summary.query());
        Map<String, Object> params = new LinkedHashMap<>();
        if (summary.parameters() != null) {
            summary.parameters().forEach((k, v) -> params.put(k, CypherValues.toTestkit(v)));
        }
        q.put("parameters", params);
        data.put("query", q);
        data.put("database", summary.database());
        // like the official drivers' backends: no notifications key from a pre-5.6 server is "none", not []
        boolean sent = summary.metadata().containsKey("notifications") || summary.metadata().containsKey("statuses");
        data.put("notifications", summary.notifications().isEmpty() && !sent && !statusesVersion(summary)
                ? null : notifications(summary.notifications()));
        data.put("gqlStatusObjects", statuses(summary.gqlStatusObjects()));
        Map<String, Object> plan = summary.plan();
        data.put("plan", plan.isEmpty() ? null : plan);
        Map<String, Object> profile = summary.profile();
        data.put("profile", profile.isEmpty() ? null : profile);
        data.put("queryType", summary.queryType());
        data.put("resultAvailableAfter", summary.resultAvailableAfterMillis() < 0 ? null
                : summary.resultAvailableAfterMillis());
        data.put("resultConsumedAfter", summary.resultConsumedAfterMillis() < 0 ? null
                : summary.resultConsumedAfterMillis());
        return data;
    }

    static Map<String, Object> serverInfo(ServerInfo server) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("address", server == null ? null : server.address());
        info.put("agent", server == null ? null : server.agent());
        info.put("protocolVersion", server == null || server.protocolVersion() == null ? null
                : server.protocolVersion().toString());
        return info;
    }

    private static Map<String, Object> counters(ResultSummary summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String[] c : COUNTERS) {
            out.put(c[0], summary.counter(c[1]));
        }
        out.put("containsUpdates", summary.containsUpdates());
        out.put("containsSystemUpdates", summary.containsSystemUpdates());
        return out;
    }

    /** Bolt 5.6+ derives notifications from the GQL statuses: there, none is an empty list. */
    private static boolean statusesVersion(io.asyncbolt.client.ResultSummary summary) {
        io.asyncbolt.protocol.BoltVersion v = summary.server().protocolVersion();
        return v != null && (v.major() > 5 || (v.major() == 5 && v.minor() >= 6));
    }

    private static List<Object> notifications(List<Notification> notifications) {
        if (notifications == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Notification n : notifications) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", n.code());
            entry.put("title", n.title());
            entry.put("description", n.description());
            if (n.position() != null) {
                entry.put("position", position(n.position()));
            }
            entry.put("severity", n.rawSeverity() == null ? "UNKNOWN" : n.rawSeverity());
            entry.put("severityLevel", n.severity());
            entry.put("rawSeverityLevel", n.rawSeverity());
            entry.put("category", n.category());
            entry.put("rawCategory", n.rawCategory() == null ? "" : n.rawCategory());
            out.add(entry);
        }
        return out;
    }

    private static List<Object> statuses(List<GqlStatusObject> statuses) {
        List<Object> out = new ArrayList<>();
        if (statuses == null) {
            return out;
        }
        for (GqlStatusObject s : statuses) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("gqlStatus", s.gqlStatus());
            entry.put("statusDescription", s.statusDescription());
            entry.put("position", s.position() == null ? null : position(s.position()));
            entry.put("classification", s.classification());
            entry.put("rawClassification", s.rawClassification());
            entry.put("severity", s.severity());
            entry.put("rawSeverity", s.rawSeverity());
            entry.put("diagnosticRecord", typedMap(s.diagnosticRecord()));
            entry.put("isNotification", s.isNotification());
            out.add(entry);
        }
        return out;
    }

    /** A map whose values are testkit's typed values (diagnostic records). */
    static Map<String, Object> typedMap(Map<String, Object> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> out.put(k, CypherValues.toTestkit(v)));
        }
        return out;
    }

    private static Map<String, Object> position(InputPosition p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("offset", p.offset());
        out.put("line", p.line());
        out.put("column", p.column());
        return out;
    }
}
