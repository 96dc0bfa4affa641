package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltServer;

/**
 * Adjusts the server the auto-configuration builds, after the {@code bolt.server.*} properties and the
 * application's SPI beans were applied: any {@link BoltServer.Builder} option (write-buffer water marks,
 * maximum nesting depth, telemetry, a direct executor...). Beans of this type are applied in their
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface BoltServerCustomizer {

    /** Customizes {@code builder} before the server starts. */
    void customize(BoltServer.Builder builder);
}
