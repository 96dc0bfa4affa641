package io.asyncbolt.proxy;

import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.ResultSummary;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * An upstream result's records as the rows of a downstream {@link io.asyncbolt.server.QueryResult}: one
 * record is taken from the cursor per unit of demand, so the downstream client's PULL n drives the
 * cursor, which pulls the upstream in batches of its fetch size only when its buffer runs low (nothing
 * buffered beyond one batch). Cancelling discards the rest upstream. Never blocks.
 */
final class CursorPublisher implements Flow.Publisher<List<Object>> {

    private final ResultCursor cursor;
    /** Hears the end once: the upstream summary (null unless successful), the error, the records sent. */
    private final Ending ending;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile ResultSummary summary;

    /** How a stream ended. */
    interface Ending {
        void ended(ResultSummary summary, Throwable error, boolean cancelled, long records);

        /** The client gave up on the rest (before the upstream has discarded it and {@link #ended} is heard). */
        default void cancelling() {
        }
    }

    CursorPublisher(ResultCursor cursor, Ending ending) {
        this.cursor = cursor;
        this.ending = ending;
    }

    /** The upstream summary, once the records completed. */
    ResultSummary summary() {
        return summary;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super List<Object>> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("An upstream result allows one subscriber"));
            return;
        }
        subscriber.onSubscribe(new Subscription(subscriber));
    }

    private final class Subscription implements Flow.Subscription {

        private final Flow.Subscriber<? super List<Object>> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean cancelled;
        // touched inside the drain loop only
        private CompletableFuture<Record> next;
        private boolean waiting;
        private volatile long records;

        Subscription(Flow.Subscriber<? super List<Object>> subscriber) {
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
            drain();
        }

        @Override
        public void cancel() {
            if (cancelled) {
                return;
            }
            cancelled = true;
            ending.cancelling();
            // what the upstream still holds is discarded; the upstream connection goes back to its pool
            cursor.consumeAsync().whenComplete((s, e) -> end(null, null, true));
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!cancelled && !ended.get()) {
                    if (next == null) {
                        if (demand.get() == 0) {
                            break;
                        }
                        next = cursor.nextAsync().toCompletableFuture();
                        waiting = false;
                    }
                    if (!next.isDone()) {
                        if (!waiting) {
                            waiting = true;
                            next.whenComplete(onArrival);
                        }
                        break;
                    }
                    CompletableFuture<Record> done = next;
                    next = null;
                    Record record;
                    try {
                        record = done.join();
                    } catch (RuntimeException e) {
                        end(null, UpstreamErrors.map(e), false);
                        break;
                    }
                    if (record == null) {
                        completed();
                        break;
                    }
                    records++;
                    demand.decrementAndGet();
                    subscriber.onNext(record.values());
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private final BiConsumer<Record, Throwable> onArrival = (record, error) -> drain();

        private void completed() {
            ResultSummary upstream;
            try {
                // the stream has ended: the summary is there
                upstream = cursor.consumeAsync().toCompletableFuture().join();
            } catch (RuntimeException e) {
                end(null, UpstreamErrors.map(e), false);
                return;
            }
            summary = upstream;
            end(upstream, null, false);
        }

        private void end(ResultSummary upstream, Throwable error, boolean byCancel) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            try {
                ending.ended(upstream, error, byCancel, records);
            } finally {
                if (!byCancel) {
                    if (error != null) {
                        subscriber.onError(error);
                    } else {
                        subscriber.onComplete();
                    }
                }
            }
        }
    }
}
