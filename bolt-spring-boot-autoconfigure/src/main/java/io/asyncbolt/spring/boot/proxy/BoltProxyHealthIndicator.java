package io.asyncbolt.spring.boot.proxy;

import io.asyncbolt.proxy.BoltProxy;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The Bolt gateway's health: up while it listens (with its address, downstream connections, upstream clients
 * and open transactions), out of service while draining or stopped. The upstream itself is not asked: each
 * statement reports its unavailability to the caller as a retryable error.
 */
public class BoltProxyHealthIndicator extends AbstractHealthIndicator {

    private final BoltProxyLifecycle lifecycle;

    public BoltProxyHealthIndicator(BoltProxyLifecycle lifecycle) {
        super("Bolt gateway health check failed");
        this.lifecycle = lifecycle;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        BoltProxy proxy = lifecycle.getProxy();
        if (proxy == null) {
            builder.outOfService().withDetail("state", "stopped");
        } else if (proxy.server().isShuttingDown()) {
            builder.outOfService().withDetail("state", "draining")
                    .withDetail("connections", proxy.server().activeConnections());
        } else {
            builder.up().withDetail("address", proxy.localAddress().toString())
                    .withDetail("connections", proxy.server().activeConnections())
                    .withDetail("upstreamClients", proxy.upstreamClients())
                    .withDetail("openTransactions", proxy.openTransactions());
        }
    }
}
