package io.asyncbolt.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Notifications and GQL status objects of a result, each derived from the other where the server sent
 * only one kind (before Bolt 5.6: {@code notifications}; from 5.6: {@code statuses}), as the official
 * drivers do.
 */
final class SummaryStatuses {

    private static final Set<String> SEVERITIES = Set.of("WARNING", "INFORMATION");
    private static final Set<String> CATEGORIES = Set.of("HINT", "UNRECOGNIZED", "UNSUPPORTED", "PERFORMANCE",
            "DEPRECATION", "SECURITY", "TOPOLOGY", "GENERIC", "SCHEMA");

    private SummaryStatuses() {
    }

    /** The notifications: the server's (up to 5.5), or those of its statuses that have a Neo4j code. */
    static List<Notification> notifications(Map<String, Object> metadata) {
        if (!metadata.containsKey("statuses") && !metadata.containsKey("notifications")) {
            return List.of();
        }
        List<Notification> notifications = new ArrayList<>();
        if (metadata.get("statuses") instanceof List<?> statuses) {
            for (Object item : statuses) {
                if (item instanceof Map<?, ?> status && status.get("neo4j_code") instanceof String code) {
                    Map<?, ?> diagnostic = status.get("diagnostic_record") instanceof Map<?, ?> d ? d : Map.of();
                    notifications.add(notification(code, text(status.get("title")), text(status.get("description")),
                            diagnostic.get("_position"), text(diagnostic.get("_severity")),
                            text(diagnostic.get("_classification"))));
                }
            }
        } else if (metadata.get("notifications") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> n) {
                    notifications.add(notification(text(n.get("code")), text(n.get("title")),
                            text(n.get("description")), n.get("position"), text(n.get("severity")),
                            text(n.get("category"))));
                }
            }
        }
        return List.copyOf(notifications);
    }

    private static Notification notification(String code, String title, String description, Object position,
            String severity, String category) {
        return new Notification(code, title, description, InputPosition.of(position), severity, severity(severity),
                category, category(category));
    }

    /**
     * The GQL statuses: the server's, in its order (5.6+); before, the outcome ({@code hasFields}: RUN
     * named columns, {@code hadRecords}: some arrived) and the notifications, in GQL order (no data,
     * warnings, success, information).
     */
    static List<GqlStatusObject> statuses(Map<String, Object> metadata, boolean hasFields, boolean hadRecords) {
        List<GqlStatusObject> result = new ArrayList<>();
        if (metadata.get("statuses") instanceof List<?> statuses) {
            for (Object item : statuses) {
                if (item instanceof Map<?, ?> status) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> diagnostic = status.get("diagnostic_record") instanceof Map<?, ?> d
                            ? (Map<String, Object>) d : Map.of();
                    Map<String, Object> record = GqlError.withDefaults(diagnostic);
                    String rawSeverity = text(record.get("_severity"));
                    String rawClassification = text(record.get("_classification"));
                    result.add(new GqlStatusObject(text(status.get("gql_status")),
                            text(status.get("status_description")), InputPosition.of(record.get("_position")),
                            rawClassification, category(rawClassification), rawSeverity, severity(rawSeverity), record,
                            status.get("neo4j_code") instanceof String));
                }
            }
            return List.copyOf(result);
        }
        GqlStatusObject outcome = !hasFields ? OMITTED_RESULT : hadRecords ? SUCCESSFUL : NO_DATA;
        List<Notification> notifications = notifications(metadata);
        if (notifications.isEmpty()) {
            return List.of(outcome);
        }
        result.add(outcome);
        for (Notification n : notifications) {
            boolean warning = "WARNING".equals(n.severity());
            Map<String, Object> record = new LinkedHashMap<>(GqlError.DEFAULT_DIAGNOSTIC_RECORD);
            if (n.rawSeverity() != null) {
                record.put("_severity", n.rawSeverity());
            }
            if (n.rawCategory() != null) {
                record.put("_classification", n.rawCategory());
            }
            if (n.position() != null) {
                record.put("_position", Map.of("offset", n.position().offset(), "line", n.position().line(),
                        "column", n.position().column()));
            }
            String description = n.description() != null ? n.description()
                    : warning ? "warn: unknown warning" : "info: unknown notification";
            result.add(new GqlStatusObject(warning ? "01N42" : "03N42", description, n.position(), n.rawCategory(),
                    n.category(), n.rawSeverity(), n.severity(), Collections.unmodifiableMap(record), true));
        }
        result.sort(Comparator.comparingInt(SummaryStatuses::rank)); // stable: notifications keep their order
        return List.copyOf(result);
    }

    private static final GqlStatusObject OMITTED_RESULT = outcome("00001",
            "note: successful completion - omitted result");
    private static final GqlStatusObject SUCCESSFUL = outcome("00000", "note: successful completion");
    private static final GqlStatusObject NO_DATA = outcome("02000", "note: no data");

    private static GqlStatusObject outcome(String status, String description) {
        return new GqlStatusObject(status, description, null, null, "UNKNOWN", null, "UNKNOWN",
                GqlError.DEFAULT_DIAGNOSTIC_RECORD, false);
    }

    /** GQL's order: no data, warnings, success, information. */
    private static int rank(GqlStatusObject status) {
        String s = status.gqlStatus();
        return s.startsWith("02") ? 0 : s.startsWith("01") ? 1 : s.startsWith("00") ? 2 : 3;
    }

    private static String severity(String raw) {
        return raw != null && SEVERITIES.contains(raw) ? raw : "UNKNOWN";
    }

    private static String category(String raw) {
        return raw != null && CATEGORIES.contains(raw) ? raw : "UNKNOWN";
    }

    private static String text(Object value) {
        return value instanceof String s ? s : null;
    }
}
