package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltServer;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The Bolt server's health: up while bound and serving, out of service while draining or stopped. */
public class BoltServerHealthIndicator extends AbstractHealthIndicator {

    private final BoltServerLifecycle lifecycle;

    public BoltServerHealthIndicator(BoltServerLifecycle lifecycle) {
        super("Bolt server health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BoltServer server = lifecycle.getServer();
        if (server == null) {
            builder.outOfService().withDetail("state", "stopped");
        } else if (server.isShuttingDown()) {
            builder.outOfService().withDetail("state", "draining").withDetail("connections", server.activeConnections());
        } else {
            builder.up().withDetail("address", server.localAddress().toString())
                    .withDetail("connections", server.activeConnections());
        }
    }
}
