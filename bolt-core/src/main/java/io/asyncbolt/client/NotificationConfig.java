package io.asyncbolt.client;

import io.asyncbolt.protocol.message.TransactionOptions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which notifications (GQL statuses) the server sends with results (Bolt 5.2+). Set for the whole client
 * ({@link ClientConfig.Builder#notificationConfig}) and overridden per session.
 *
 * @param minimumSeverity         {@code OFF}, {@code WARNING} or {@code INFORMATION}; null for the server's
 *                                default
 * @param disabledClassifications classifications not to send ({@code HINT}, {@code UNRECOGNIZED},
 *                                {@code UNSUPPORTED}, {@code PERFORMANCE}, {@code DEPRECATION},
 *                                {@code SECURITY}, {@code TOPOLOGY}, {@code GENERIC}, {@code SCHEMA}); null
 *                                for the server's default, empty for none
 */
public record NotificationConfig(String minimumSeverity, Set<String> disabledClassifications) {

    private static final Set<String> SEVERITIES = Set.of("OFF", "WARNING", "INFORMATION");

    /** The server decides. */
    public static final NotificationConfig DEFAULT = new NotificationConfig(null, null);

    public NotificationConfig {
        if (minimumSeverity != null) {
            minimumSeverity = minimumSeverity.toUpperCase(Locale.ROOT);
            if (!SEVERITIES.contains(minimumSeverity)) {
                throw new IllegalArgumentException("Unknown minimum severity '" + minimumSeverity
                        + "': use one of " + SEVERITIES);
            }
        }
        disabledClassifications = disabledClassifications == null ? null : Set.copyOf(disabledClassifications);
    }

    /** No notifications at all. */
    public static NotificationConfig disabled() {
        return new NotificationConfig("OFF", null);
    }

    public boolean isDefault() {
        return minimumSeverity == null && disabledClassifications == null;
    }

    /** Puts the filters into a HELLO, BEGIN or RUN extra (the wire layer spells them for the version). */
    void writeTo(java.util.Map<String, Object> extra) {
        if (minimumSeverity != null) {
            extra.put(TransactionOptions.NOTIFICATIONS_MINIMUM_SEVERITY, minimumSeverity);
        }
        if (disabledClassifications != null) {
            extra.put(TransactionOptions.NOTIFICATIONS_DISABLED_CLASSIFICATIONS, List.copyOf(disabledClassifications));
        }
    }
}
