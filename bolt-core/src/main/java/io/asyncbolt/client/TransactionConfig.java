package io.asyncbolt.client;

import java.time.Duration;
import java.util.Map;

/**
 * @param timeout  the server-side transaction timeout ({@code tx_timeout}), or null for the server default
 * @param metadata transaction metadata ({@code tx_metadata})
 */
public record TransactionConfig(Duration timeout, Map<String, Object> metadata) {

    public static final TransactionConfig DEFAULT = new TransactionConfig(null, Map.of());

    public TransactionConfig {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
