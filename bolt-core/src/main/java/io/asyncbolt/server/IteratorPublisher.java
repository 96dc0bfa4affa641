package io.asyncbolt.server;

import io.asyncbolt.internal.Flows;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes an iterator's rows on demand. A lazy iterator is drained on the executor given at
 * subscription (the engine's handler executor), so a blocking iterator never blocks a network thread;
 * rows already in memory are handed over on the requesting thread. One subscriber.
 */
final class IteratorPublisher implements Flow.Publisher<List<Object>> {

    private final Iterator<? extends List<?>> rows;
    private final boolean inMemory;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile Executor executor = Runnable::run;

    /**
     * @param rows     the rows
     * @param inMemory true when the rows are already in memory (a collection), so producing them never
     *                 blocks and needs no executor hand-off
     */
    IteratorPublisher(Iterator<? extends List<?>> rows, boolean inMemory) {
        this.rows = rows;
        this.inMemory = inMemory;
    }

    /**
     * Sets where a lazy iterator's rows are produced; the engine calls it before subscribing. Rows already
     * in memory stay on the requesting thread, as producing them cannot block.
     */
    void executor(Executor executor) {
        if (!inMemory) {
            this.executor = executor;
        }
    }

    @Override
    public void subscribe(Flow.Subscriber<? super List<Object>> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            Flows.rejectSubscriber(subscriber, "the rows of this result were already consumed");
            return;
        }
        subscriber.onSubscribe(new RowSubscription(subscriber));
    }

    private final class RowSubscription implements Flow.Subscription, Runnable {

        private final Flow.Subscriber<? super List<Object>> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean done;

        RowSubscription(Flow.Subscriber<? super List<Object>> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request must be positive, was " + n));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            if (wip.getAndIncrement() == 0) {
                executor.execute(this);
            }
        }

        @Override
        public void cancel() {
            if (!done) {
                done = true;
                close();
            }
        }

        @Override
        public void run() {
            int missed = 1;
            do {
                long emitted = 0;
                long wanted = demand.get();
                try {
                    while (emitted < wanted && !done) {
                        if (!rows.hasNext()) {
                            done = true;
                            close();
                            subscriber.onComplete();
                            return;
                        }
                        @SuppressWarnings("unchecked")
                        List<Object> row = (List<Object>) rows.next();
                        subscriber.onNext(row);
                        emitted++;
                    }
                    if (!done && !rows.hasNext()) {
                        // report the end with the last requested row, so the client sees has_more=false
                        done = true;
                        close();
                        subscriber.onComplete();
                        return;
                    }
                } catch (Throwable e) {
                    done = true;
                    close();
                    subscriber.onError(e);
                    return;
                }
                if (done) {
                    return;
                }
                demand.addAndGet(-emitted);
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void close() {
            if (rows instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing a finished or cancelled row source: nothing the client can act on
                }
            }
        }
    }
}
