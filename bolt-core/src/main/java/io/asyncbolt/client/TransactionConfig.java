package io.asyncbolt.client;

import java.time.Duration;
import java.util.Map;

/**
 * @param timeout  the server-side transaction timeout ({@code tx_timeout}), or null for the server default;
 *                 zero for none, never negative (sent in whole milliseconds, a fraction rounded up)
 * @param metadata transaction metadata ({@code tx_metadata})
 */
public record TransactionConfig(Duration timeout, Map<String, Object> metadata) {

    public static final TransactionConfig DEFAULT = new TransactionConfig(null, Map.of());

    public TransactionConfig {
        if (timeout != null && timeout.isNegative()) {
            throw new IllegalArgumentException("The transaction timeout must not be negative: " + timeout);
        }
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
