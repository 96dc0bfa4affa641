package io.asyncbolt.server;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits a server puts on its TCP connections before any Bolt is spoken: at most
 * {@code maxConnections} open at once (the others are closed at once, counted and logged without
 * flooding the log), and the Bolt handshake within {@code handshakeTimeout}. Keeps the set of open
 * channels, which the shutdown closes. Thread-safe.
 */
final class ConnectionLimits {

    private static final Logger log = LoggerFactory.getLogger(BoltServer.class);

    private final ServerConfig config;
    /** Refusals at the connection limit: a flood of them must not flood the log. */
    private final RefusalLog refusalLog = new RefusalLog();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();

    ConnectionLimits(ServerConfig config) {
        this.config = config;
    }

    /** Takes {@code channel} among the open ones, or closes it at the connection limit; true if taken. */
    boolean admit(Channel channel) {
        if (config.maxConnections() > 0 && channels.size() >= config.maxConnections()) {
            refusalLog.refused(channel.remoteAddress(), channels.size(), config.maxConnections());
            config.listener().connectionRejected("max-connections");
            channel.close();
            return false;
        }
        channels.add(channel);
        channel.closeFuture().addListener(f -> channels.remove(channel));
        return true;
    }

    /** Closes {@code channel} unless {@code negotiated} is set within the handshake timeout (zero: never). */
    void handshakeDeadline(Channel channel, AtomicBoolean negotiated) {
        if (config.handshakeTimeout().isZero()) {
            return;
        }
        channel.eventLoop().schedule(() -> {
            if (!negotiated.get() && channel.isActive()) {
                log.debug("No Bolt handshake from {} within {}; closing", channel.remoteAddress(),
                        config.handshakeTimeout());
                channel.close();
            }
        }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The channels open now, Bolt or not yet. */
    Set<Channel> channels() {
        return channels;
    }
}
