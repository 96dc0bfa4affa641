package io.asyncbolt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class that leaks: a buffer reported by Netty's leak detector (PARANOID in the build), or a
 * network thread of an asyncbolt client still alive after the class closed its clients. After the class
 * it collects garbage and allocates, so that the detector reports what it found.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {

    /** The name prefix of a client's network threads ({@code BoltClient.THREAD_PREFIX}). */
    static final String CLIENT_THREAD_PREFIX = "asyncbolt-client";
    private static final ListAppender<ILoggingEvent> APPENDER = new ListAppender<>();

    static {
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        logger.setLevel(Level.ERROR);
        APPENDER.start();
        logger.addAppender(APPENDER);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        synchronized (APPENDER) {
            APPENDER.list.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoClientThreads();
        for (int round = 0; round < 3; round++) {
            collectGarbage();
            for (int i = 0; i < 50; i++) {
                // the detector reports what the collector found when buffers are allocated
                ByteBufAllocator.DEFAULT.buffer(8).release();
                ByteBufAllocator.DEFAULT.directBuffer(8).release();
                UnpooledByteBufAllocator.DEFAULT.heapBuffer(8).release();
            }
        }
        List<String> leaks;
        synchronized (APPENDER) {
            leaks = APPENDER.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("LEAK")).collect(Collectors.toList());
        }
        assertThat(leaks).as("Netty leak reports").isEmpty();
    }

    /** No network thread of a closed client survives it (waits a little for threads that are ending). */
    public static void assertNoClientThreads() {
        try {
            Await.until("threads of closed clients end", Duration.ofSeconds(2), () -> clientThreads().isEmpty());
        } catch (AssertionError e) {
            assertThat(clientThreads()).as("threads of closed clients").isEmpty();
        }
    }

    private static List<String> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(CLIENT_THREAD_PREFIX)).collect(Collectors.toList());
    }

    /** Returns once a collection has run (an object only weakly reachable is gone), or after a second. */
    private static void collectGarbage() {
        WeakReference<Object> canary = new WeakReference<>(new Object());
        try {
            Await.until("a garbage collection", Duration.ofSeconds(1), () -> {
                System.gc();
                return canary.get() == null;
            });
        } catch (AssertionError e) {
            // a collector that ignores System.gc(): the allocations below still give the detector its turn
        }
    }
}
