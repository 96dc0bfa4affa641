package io.asyncbolt.spring.boot.proxy;

import io.asyncbolt.proxy.BoltProxy;
import io.asyncbolt.spring.boot.server.BoltServerStartedEvent;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the Bolt gateway with the application context, publishes the bound port as
 * {@code local.bolt.server.port} (so {@code @LocalBoltServerPort} works) and announces it with a
 * {@link BoltServerStartedEvent}; stops it gracefully like the Bolt server: no new connections, running work
 * finishes within {@code spring.lifecycle.timeout-per-shutdown-phase}, then the upstream clients close.
 */
public class BoltProxyLifecycle implements SmartLifecycle, ApplicationEventPublisherAware {

    private static final Logger log = LoggerFactory.getLogger(BoltProxyLifecycle.class);
    static final String PORT_PROPERTY = "local.bolt.server.port";

    private final Supplier<BoltProxy.Builder> builder;
    private final ConfigurableEnvironment environment;
    private final Duration shutdownTimeout;
    private volatile BoltProxy proxy;
    private ApplicationEventPublisher events;

    public BoltProxyLifecycle(Supplier<BoltProxy.Builder> builder, ConfigurableEnvironment environment,
            Duration shutdownTimeout) {
        this.builder = builder;
        this.environment = environment;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The running gateway, or null when stopped. */
    public BoltProxy getProxy() {
        return proxy;
    }

    @Override
    public void setApplicationEventPublisher(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void start() {
        BoltProxy started = builder.get().start();
        proxy = started;
        environment.getPropertySources().addFirst(new MapPropertySource("bolt.proxy.ports",
                Map.of(PORT_PROPERTY, started.port())));
        log.info("Bolt gateway started on {}", started.localAddress());
        if (events != null) {
            events.publishEvent(new BoltServerStartedEvent(started.server()));
        }
    }

    @Override
    public void stop(Runnable callback) {
        BoltProxy running = proxy;
        proxy = null;
        if (running == null) {
            callback.run();
            return;
        }
        running.shutdown(shutdownTimeout).whenComplete((v, e) -> callback.run());
    }

    @Override
    public void stop() {
        BoltProxy running = proxy;
        proxy = null;
        if (running != null) {
            running.shutdown(shutdownTimeout).join();
        }
    }

    @Override
    public boolean isRunning() {
        return proxy != null;
    }

    /** Stops before the beans the policy and audit depend on, like the Bolt server. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
