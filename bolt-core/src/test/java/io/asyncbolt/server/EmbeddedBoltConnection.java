package io.asyncbolt.server;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BoltMessage;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One server-side {@link BoltConnection} on an {@link EmbeddedChannel}, fed decoded requests and answering
 * with message records (no codec): the connection's behaviour without sockets or threads. Build the
 * server with {@code directExecutor()} so that handler work runs when the test runs the channel's tasks.
 */
final class EmbeddedBoltConnection implements AutoCloseable {

    final EmbeddedChannel channel;
    final BoltConnection connection;

    EmbeddedBoltConnection(BoltServer server, BoltVersion version) {
        connection = new BoltConnection(server, server.config(), BoltProtocol.forVersion(version), "embedded-1");
        channel = new EmbeddedChannel(connection);
    }

    /** Sends {@code requests} and returns every message the server answered once it is idle. */
    List<BoltMessage> exchange(BoltMessage... requests) {
        for (BoltMessage request : requests) {
            channel.writeInbound(request);
        }
        return answers();
    }

    /** What the server sent since the last call, once the pending (non-scheduled) tasks ran. */
    List<BoltMessage> answers() {
        channel.runPendingTasks();
        List<BoltMessage> out = new ArrayList<>();
        Object m;
        while ((m = channel.readOutbound()) != null) {
            if (m instanceof BoltMessage message) {
                out.add(message);
            } else {
                io.netty.util.ReferenceCountUtil.release(m);
            }
        }
        return out;
    }

    /**
     * Nanoseconds until the channel's next scheduled task (a timer still alive on its event loop), or -1
     * when none is left.
     */
    long nextScheduledTaskNanos() {
        return channel.runScheduledPendingTasks();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
