package io.asyncbolt.client;

import java.util.Map;

/**
 * A GQL status of a result (Bolt 5.6+; derived from the notifications and the outcome before): the
 * outcome ({@code 00000} success, {@code 00001} omitted result, {@code 02000} no data) and the
 * notifications as statuses.
 *
 * @param gqlStatus         the five-character GQLSTATUS
 * @param statusDescription its description
 * @param position          where in the query, or null
 * @param rawClassification {@code _classification} as the server sent it, or null
 * @param classification    as {@link Notification#category()}
 * @param rawSeverity       {@code _severity} as the server sent it, or null
 * @param severity          {@code WARNING}, {@code INFORMATION} or {@code UNKNOWN}
 * @param diagnosticRecord  the diagnostic record, defaults filled in
 * @param isNotification    whether it is a notification (it has a Neo4j code)
 */
public record GqlStatusObject(String gqlStatus, String statusDescription, InputPosition position,
        String rawClassification, String classification, String rawSeverity, String severity,
        Map<String, Object> diagnosticRecord, boolean isNotification) {
}
