package io.asyncbolt.internal.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates result-summary notifications between the two shapes Bolt has used: {@code notifications}
 * (up to 5.4) and GQL {@code statuses} (5.6+). Metadata without either key is returned as it is, without
 * copying.
 */
final class SummaryNotifications {

    static final String NOTIFICATIONS = "notifications";
    static final String STATUSES = "statuses";

    private SummaryNotifications() {
    }

    /** Metadata for 5.6+: {@code notifications} become {@code statuses}. */
    static Map<String, Object> toStatuses(Map<String, Object> metadata) {
        if (!(metadata.get(NOTIFICATIONS) instanceof List<?> notifications)) {
            return metadata;
        }
        Map<String, Object> copy = copyWithout(metadata, NOTIFICATIONS);
        if (!copy.containsKey(STATUSES)) {
            List<Object> statuses = new ArrayList<>(notifications.size());
            for (Object item : notifications) {
                if (item instanceof Map<?, ?> n) {
                    statuses.add(status(n));
                }
            }
            copy.put(STATUSES, statuses);
        }
        return copy;
    }

    /** Metadata for 5.4 and earlier: {@code statuses} that are notifications become {@code notifications}. */
    static Map<String, Object> toNotifications(Map<String, Object> metadata) {
        if (!(metadata.get(STATUSES) instanceof List<?> statuses)) {
            return metadata;
        }
        Map<String, Object> copy = copyWithout(metadata, STATUSES);
        if (!copy.containsKey(NOTIFICATIONS)) {
            List<Object> notifications = new ArrayList<>();
            for (Object item : statuses) {
                if (item instanceof Map<?, ?> s && s.get("neo4j_code") instanceof String code && !code.isBlank()) {
                    notifications.add(notification(s, code));
                }
            }
            if (!notifications.isEmpty()) {
                copy.put(NOTIFICATIONS, notifications);
            }
        }
        return copy;
    }

    private static Map<String, Object> status(Map<?, ?> notification) {
        String severity = notification.get("severity") instanceof String s ? s : "INFORMATION";
        String description = notification.get("description") instanceof String d ? d : "";
        boolean warning = "WARNING".equalsIgnoreCase(severity);
        Map<String, Object> diagnostic = new LinkedHashMap<>();
        diagnostic.put("OPERATION", "");
        diagnostic.put("OPERATION_CODE", "0");
        diagnostic.put("CURRENT_SCHEMA", "/");
        diagnostic.put("_severity", severity);
        putIfPresent(diagnostic, "_classification", notification.get("category"));
        putIfPresent(diagnostic, "_position", notification.get("position"));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("gql_status", warning ? "01N00" : "03N00");
        status.put("status_description", (warning ? "warn: " : "info: ") + description);
        putIfPresent(status, "neo4j_code", notification.get("code"));
        putIfPresent(status, "title", notification.get("title"));
        status.put("description", description);
        status.put("diagnostic_record", diagnostic);
        return status;
    }

    private static Map<String, Object> notification(Map<?, ?> status, String code) {
        Map<?, ?> diagnostic = status.get("diagnostic_record") instanceof Map<?, ?> d ? d : Map.of();
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("code", code);
        notification.put("title", status.get("title") instanceof String t ? t : "");
        Object description = status.get("description") instanceof String d ? d : status.get("status_description");
        notification.put("description", description instanceof String ? description : "");
        putIfPresent(notification, "severity", diagnostic.get("_severity"));
        putIfPresent(notification, "category", diagnostic.get("_classification"));
        putIfPresent(notification, "position", diagnostic.get("_position"));
        return notification;
    }

    private static Map<String, Object> copyWithout(Map<String, Object> metadata, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(metadata);
        copy.remove(key);
        return copy;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
