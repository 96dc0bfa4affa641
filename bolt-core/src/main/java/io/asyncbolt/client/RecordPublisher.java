package io.asyncbolt.client;

import java.util.concurrent.CompletionStage;
import io.asyncbolt.internal.Flows;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A query's records as a {@link Flow.Publisher}: the query runs on subscription, records are delivered
 * as the subscriber requests them (the cursor pulls batches of the fetch size behind them), and
 * cancelling discards the rest. One subscriber per publisher.
 */
final class RecordPublisher implements Flow.Publisher<Record> {

    private final Supplier<CompletionStage<ResultCursor>> run;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    RecordPublisher(Supplier<CompletionStage<ResultCursor>> run) {
        this.run = run;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super Record> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            Flows.rejectSubscriber(subscriber, "This publisher allows one subscriber");
            return;
        }
        subscriber.onSubscribe(new RecordSubscription(subscriber));
    }

    private final class RecordSubscription implements Flow.Subscription {

        private final Flow.Subscriber<? super Record> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile CompletionStage<ResultCursor> cursor;
        private volatile boolean done;

        RecordSubscription(Flow.Subscriber<? super Record> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                cancel();
                subscriber.onError(new IllegalArgumentException("request must be positive, was " + n));
                return;
            }
            demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            if (cursor == null) {
                synchronized (this) {
                    if (cursor == null) {
                        cursor = run.get();
                        // the end of the stream is signalled even when no demand is left
                        cursor.thenCompose(ResultCursor::summary).whenComplete((summary, error) -> drain());
                    }
                }
            }
            drain();
        }

        @Override
        public void cancel() {
            done = true;
            CompletionStage<ResultCursor> c = cursor;
            if (c != null) {
                c.thenAccept(ResultCursor::consumeAsync);
            }
        }

        /** Emits one record per unit of demand, asynchronously, one nextAsync at a time. */
        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            step();
        }

        /** True when the cursor has nothing more to give: completion may be signalled without demand. */
        private boolean exhausted() {
            java.util.concurrent.CompletableFuture<ResultCursor> c = cursor.toCompletableFuture();
            return c.isCompletedExceptionally() || (c.isDone() && c.join().exhausted());
        }

        /** Loops while records are already buffered; waits asynchronously otherwise (no deep recursion). */
        private void step() {
            while (!done) {
                if (demand.get() == 0 && !exhausted()) {
                    if (wip.decrementAndGet() == 0) {
                        return;
                    }
                    wip.set(1);
                    continue;
                }
                java.util.concurrent.CompletableFuture<Record> next = cursor.thenCompose(ResultCursor::nextAsync)
                        .toCompletableFuture();
                if (!next.isDone()) {
                    next.whenComplete((record, error) -> {
                        if (emit(record, error)) {
                            step();
                        }
                    });
                    return;
                }
                Record record = null;
                Throwable error = null;
                try {
                    record = next.join();
                } catch (RuntimeException e) {
                    error = e;
                }
                if (!emit(record, error)) {
                    return;
                }
            }
        }

        /** Delivers one outcome; true when more may follow. */
        private boolean emit(Record record, Throwable error) {
            if (done) {
                return false;
            }
            if (error != null) {
                done = true;
                subscriber.onError(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
                return false;
            }
            if (record == null) {
                done = true;
                subscriber.onComplete();
                return false;
            }
            demand.decrementAndGet();
            subscriber.onNext(record);
            return true;
        }
    }
}
