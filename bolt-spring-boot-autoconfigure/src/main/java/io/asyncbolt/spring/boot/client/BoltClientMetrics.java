package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.ClientConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/** Pool gauges {@code bolt.client.connections.{active,idle,pending,max}}, named like HikariCP's. */
public class BoltClientMetrics implements MeterBinder {

    private final BoltClient client;
    private final int max;

    public BoltClientMetrics(BoltClient client, ClientConfig config) {
        this.client = client;
        this.max = config.maxPoolSize();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("bolt.client.connections.active", client, BoltClient::connectionsInUse)
                .description("Connections in use").register(registry);
        Gauge.builder("bolt.client.connections.idle", client, BoltClient::connectionsIdle)
                .description("Idle pooled connections").register(registry);
        Gauge.builder("bolt.client.connections.pending", client, BoltClient::connectionsPending)
                .description("Callers waiting for a connection").register(registry);
        Gauge.builder("bolt.client.connections.max", () -> max).description("Pool size per server").register(registry);
    }
}
