package io.asyncbolt.client;

/**
 * A notification of a result (a hint, a warning): sent as such up to Bolt 5.5, derived from the GQL
 * statuses that carry a Neo4j code from 5.6 on.
 *
 * @param code        the Neo4j notification code ({@code Neo.ClientNotification.Statement...})
 * @param title       short text
 * @param description long text
 * @param position    where in the query, or null
 * @param rawSeverity the severity as the server sent it, or null
 * @param severity    {@code WARNING}, {@code INFORMATION} or {@code UNKNOWN}
 * @param rawCategory the category as the server sent it, or null
 * @param category    {@code HINT}, {@code UNRECOGNIZED}, {@code UNSUPPORTED}, {@code PERFORMANCE},
 *                    {@code DEPRECATION}, {@code SECURITY}, {@code TOPOLOGY}, {@code GENERIC}, {@code SCHEMA}
 *                    or {@code UNKNOWN}
 */
public record Notification(String code, String title, String description, InputPosition position,
        String rawSeverity, String severity, String rawCategory, String category) {
}
