package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the Bolt server with the application context, publishes the bound port as
 * {@code local.bolt.server.port} and announces it with a {@link BoltServerStartedEvent}, and stops it gracefully: no new connections, running work finishes
 * within {@code spring.lifecycle.timeout-per-shutdown-phase}, what remains is refused with
 * {@code Neo.TransientError.General.DatabaseUnavailable}.
 */
public class BoltServerLifecycle implements SmartLifecycle, org.springframework.context.ApplicationEventPublisherAware {

    private static final Logger log = LoggerFactory.getLogger(BoltServerLifecycle.class);
    static final String PORT_PROPERTY = "local.bolt.server.port";

    private final Supplier<BoltServer.Builder> builder;
    private final ConfigurableEnvironment environment;
    private final Duration shutdownTimeout;
    private volatile BoltServer server;
    private org.springframework.context.ApplicationEventPublisher events;
    private final java.util.List<Runnable> afterStop = new java.util.concurrent.CopyOnWriteArrayList<>();

    public BoltServerLifecycle(Supplier<BoltServer.Builder> builder, ConfigurableEnvironment environment,
            Duration shutdownTimeout) {
        this.builder = builder;
        this.environment = environment;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** The running server, or null when stopped. */
    public BoltServer getServer() {
        return server;
    }

    @Override
    public void setApplicationEventPublisher(org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
    }

    /** Runs {@code action} once the server started next has stopped (e.g. to release what it used). */
    void afterStop(Runnable action) {
        afterStop.add(action);
    }

    private void stopped() {
        for (Runnable action : afterStop) {
            afterStop.remove(action);
            try {
                action.run();
            } catch (RuntimeException e) {
                log.warn("Releasing a resource of the stopped Bolt server failed", e);
            }
        }
    }

    @Override
    public void start() {
        BoltServer.Builder configured = builder.get();
        try {
            server = configured.start();
        } catch (RuntimeException e) {
            stopped();
            throw bindFailure(e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("bolt.server.ports",
                Map.of(PORT_PROPERTY, server.port())));
        log.info("Bolt server started on {}", server.localAddress());
        if (events != null) {
            events.publishEvent(new BoltServerStartedEvent(server));
        }
    }

    private RuntimeException bindFailure(RuntimeException failure) {
        if (failure instanceof java.io.UncheckedIOException e && e.getCause() instanceof java.net.BindException) {
            // BoltServer's report of a failed bind
            return new IllegalStateException("The Bolt server cannot bind " + environment.getProperty("bolt.server.address",
                    "127.0.0.1") + ":" + environment.getProperty("bolt.server.port", "7687") + " (" + e.getCause().getMessage()
                    + "); another process uses the port: stop it, or set bolt.server.port to a free port (0 for any)", e);
        }
        return failure;
    }

    @Override
    public void stop(Runnable callback) {
        BoltServer running = server;
        server = null;
        if (running == null) {
            callback.run();
            return;
        }
        running.shutdown(shutdownTimeout).whenComplete((v, e) -> {
            stopped();
            callback.run();
        });
    }

    @Override
    public void stop() {
        BoltServer running = server;
        server = null;
        if (running != null) {
            running.shutdown(shutdownTimeout).join();
            stopped();
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Stops before the beans handlers depend on, like Spring Boot's web server graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }
}
