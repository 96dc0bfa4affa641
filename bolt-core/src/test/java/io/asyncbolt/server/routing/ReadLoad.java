package io.asyncbolt.server.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Managed read transactions in a loop on a few threads, until stopped: counts the members that answered,
 * the retries and the transactions that failed.
 */
final class ReadLoad implements AutoCloseable {

    /** One managed read transaction; returns the name of the member that answered. */
    interface Work {
        String read(Runnable attempted) throws Exception;
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    final ConcurrentHashMap<String, LongAdder> answeredBy = new ConcurrentHashMap<>();
    final AtomicLong succeeded = new AtomicLong();
    /** Attempts beyond the first of the transactions that succeeded. */
    final AtomicLong retries = new AtomicLong();
    final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    ReadLoad(int threadCount, Supplier<Work> work) {
        for (int i = 0; i < threadCount; i++) {
            Work w = work.get();
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
                        String member = w.read(attempts::incrementAndGet);
                        retries.addAndGet(Math.max(0, attempts.get() - 1));
                        answeredBy.computeIfAbsent(member, m -> new LongAdder()).increment();
                        succeeded.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }
            }, "read-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    long answeredBy(String member) {
        LongAdder count = answeredBy.get(member);
        return count == null ? 0 : count.sum();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(60_000);
        }
    }
}
