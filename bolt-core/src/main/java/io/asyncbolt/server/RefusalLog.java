package io.asyncbolt.server;

import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs connections refused at the connection limit: the first at WARN, then at most one line per interval
 * saying how many were refused since, so that a flood of connections does not flood the log.
 */
final class RefusalLog {

    private static final Logger log = LoggerFactory.getLogger(BoltServer.class);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
    private final AtomicLong suppressed = new AtomicLong();

    void refused(SocketAddress from, int open, int max) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= INTERVAL_NANOS && lastLogged.compareAndSet(last, now)) {
            long more = suppressed.getAndSet(0);
            if (more == 0) {
                log.warn("Refusing connection from {}: {} connections open (max {})", from, open, max);
            } else {
                log.warn("Refusing connection from {}: {} connections open (max {}); {} more refused in the last {} s",
                        from, open, max, more, TimeUnit.NANOSECONDS.toSeconds(now - last));
            }
        } else {
            suppressed.incrementAndGet();
            log.debug("Refusing connection from {}: {} connections open (max {})", from, open, max);
        }
    }

    /** Refusals not logged at WARN since the last WARN line. */
    long suppressed() {
        return suppressed.get();
    }
}
