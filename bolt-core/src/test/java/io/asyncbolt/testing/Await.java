package io.asyncbolt.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Waits for what a test cannot be told about by a latch or a future (a thread ending, a socket freed, a
 * producer coming to a stop), by checking a condition until it holds, bounded by a deadline.
 */
public final class Await {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /** Returns once {@code condition} holds; fails with {@code what} if it does not within {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Returns {@code counter}'s value once it has not changed for {@code quiet}: a producer that stopped.
     * Fails with {@code what} if it keeps changing for {@code timeout}.
     */
    public static long stable(String what, Duration quiet, Duration timeout, LongSupplier counter) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long value = counter.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Still changing after " + timeout + ": " + what + " (now " + value + ")");
            }
            LockSupport.parkNanos(POLL_NANOS);
            long now = counter.getAsLong();
            if (now != value) {
                value = now;
                since = System.nanoTime();
            }
        }
        return value;
    }
}
