package io.asyncbolt.internal;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;

/** Helpers for Netty event-loop groups. Internal: not part of the public API. */
public final class EventLoops {

    private EventLoops() {
    }

    /** The thread of {@code group} the caller runs on, or {@code null} when the caller is not one of them. */
    public static EventLoop callerLoop(EventExecutorGroup group) {
        for (EventExecutor executor : group) {
            if (executor.inEventLoop() && executor instanceof EventLoop loop) {
                return loop;
            }
        }
        return null;
    }
}
