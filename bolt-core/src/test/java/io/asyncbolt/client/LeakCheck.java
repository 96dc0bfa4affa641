package io.asyncbolt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a client test class that leaks: a network thread of a {@link BoltClient} still alive after the
 * class closed its clients, or a buffer reported by Netty's leak detector (the wire layer's
 * {@link io.asyncbolt.protocol.LeakCheck}).
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {

    private final io.asyncbolt.protocol.LeakCheck buffers = new io.asyncbolt.protocol.LeakCheck();

    @Override
    public void beforeAll(ExtensionContext context) {
        buffers.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        assertNoClientThreads();
        buffers.afterAll(context);
    }

    /** No network thread of a closed client survives it (waits briefly for threads that are ending). */
    public static void assertNoClientThreads() throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(name -> name.startsWith(BoltClient.THREAD_PREFIX)).collect(Collectors.toList());
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(alive).as("threads of closed clients").isEmpty();
    }
}
