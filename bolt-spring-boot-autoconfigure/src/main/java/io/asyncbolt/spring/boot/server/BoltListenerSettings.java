package io.asyncbolt.spring.boot.server;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.spring.boot.BoltSsl;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;

/**
 * What {@code bolt.server.*} says of a listening Bolt port, for every server of the application (the
 * {@code @BoltHandler} server and the Bolt gateway) alike.
 */
public final class BoltListenerSettings {

    private BoltListenerSettings() {
    }

    /**
     * Applies address, port, agent, message sizes, connection limit, timeouts, WebSocket, advertised address,
     * routing TTL, the TLS bundle and the versions; not handlers, catalog or default database.
     */
    public static void apply(BoltServer.Builder builder, BoltServerProperties properties, Supplier<SslBundles> bundles) {
        builder.address(properties.getAddress())
                .port(properties.getPort())
                .agent(properties.getAgent())
                .maxMessageSize((int) properties.getMaxMessageSize().toBytes())
                .maxMessageSizeBeforeAuth((int) properties.getMaxMessageSizeBeforeAuth().toBytes())
                .maxConnections(properties.getMaxConnections())
                .handshakeTimeout(properties.getHandshakeTimeout())
                .authTimeout(properties.getAuthTimeout())
                .idleTimeout(properties.getIdleTimeout())
                .recvTimeoutHint(properties.getRecvTimeoutHint())
                .webSocket(properties.isWebSocket())
                .advertisedAddress(properties.getAdvertisedAddress())
                .routingTtl(properties.getRoutingTtl());
        if (properties.getSsl().getBundle() != null) {
            builder.tls(BoltSsl.forServer(bundles.get().getBundle(properties.getSsl().getBundle())),
                    properties.getSsl().isRequired());
        }
        if (!properties.getVersions().isEmpty()) {
            builder.versions(properties.getVersions().stream().map(BoltVersion::parse).toList());
        }
    }

    /**
     * How long a graceful stop may take: nothing with {@code bolt.server.shutdown=immediate}, else
     * {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s when unset).
     */
    public static Duration shutdownTimeout(BoltServerProperties properties, Environment environment) {
        if (properties.getShutdown() == BoltServerProperties.Shutdown.IMMEDIATE) {
            return Duration.ZERO;
        }
        String timeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase");
        return timeout == null ? Duration.ofSeconds(30) : DurationStyle.detectAndParse(timeout);
    }
}
