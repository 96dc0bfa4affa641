package io.asyncbolt.server;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one connection, on its event loop: the authentication deadline, the keep-alive ticks and
 * the open transaction's {@code tx_timeout}. Each is cancelled when what it guards ends, and all of them
 * when the connection closes: a pending task holds the connection (and a transaction) until it fires.
 * Not thread-safe: used on the event loop only.
 */
final class ConnectionTimers {

    private final ScheduledExecutorService loop;
    private ScheduledFuture<?> authDeadline;
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> txTimeout;

    ConnectionTimers(ScheduledExecutorService loop) {
        this.loop = loop;
    }

    /** Runs {@code onExpiry} unless {@link #authenticated()} comes within {@code timeout} (zero: never). */
    void authenticationDeadline(Duration timeout, Runnable onExpiry) {
        if (!timeout.isZero()) {
            authDeadline = loop.schedule(onExpiry, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void authenticated() {
        authDeadline = cancel(authDeadline);
    }

    /**
     * Runs {@code tick} every third of the {@code connection.recv_timeout_seconds} hint (at least every
     * 100 ms), so that the connection can keep that promise while a handler is slow; zero: never.
     */
    void keepAlive(Duration recvTimeoutHint, Runnable tick) {
        long hint = recvTimeoutHint.toMillis();
        if (hint > 0) {
            long period = Math.max(hint / 3, 100);
            keepAlive = loop.scheduleAtFixedRate(tick, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code onExpiry} after {@code timeout} unless the transaction ends first (null or zero: never). */
    void transactionTimeout(Duration timeout, Runnable onExpiry) {
        transactionEnded();
        if (timeout != null && !timeout.isZero()) {
            txTimeout = loop.schedule(() -> {
                txTimeout = null;
                onExpiry.run();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The transaction committed, rolled back or was dropped: its timeout goes. */
    void transactionEnded() {
        txTimeout = cancel(txTimeout);
    }

    /** The connection closed. */
    void cancelAll() {
        authDeadline = cancel(authDeadline);
        keepAlive = cancel(keepAlive);
        txTimeout = cancel(txTimeout);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }
}
