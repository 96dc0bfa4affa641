package io.asyncbolt.server;

import io.asyncbolt.protocol.message.RecordMessage;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open result of a connection: subscribes to the handler's records and writes them as RECORD
 * messages as the client PULLs. Signals from the publisher on another thread are queued and handled on
 * the channel's event loop in batches; signals given on the event loop itself (rows already in memory)
 * are handled at once, so a small result goes out in the same flush as the PULL that asked for it. All
 * other state is touched on the event loop only. Rows are requested
 * from the publisher only for what the current PULL still needs plus one (to know whether more follow),
 * at most {@link #BATCH} at a time, and not at all while the channel is not writable.
 */
final class ResultStream implements Flow.Subscriber<List<Object>> {

    static final int BATCH = 128;
    private static final Object COMPLETE = new Object();

    /** What the connection hears back, on the event loop. */
    interface Listener {
        void suspended(ResultStream stream);

        void completed(ResultStream stream);

        void failed(ResultStream stream, Throwable error);
    }

    private final Channel channel;
    private final QueryResult result;
    private final long qid;
    private final Listener listener;
    private final Queue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    /** On the event loop: a flush of what signals given on the event loop wrote is queued behind this turn. */
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushQueued;
    /** On the event loop: signals are being handled, so a signal given meanwhile only joins the inbox. */
    private boolean busy;
    /** Something happened while {@link #busy}: the running call goes round once more. */
    private boolean again;

    // event-loop state
    private final ArrayDeque<List<Object>> buffer = new ArrayDeque<>();
    private Flow.Subscription subscription;
    private long remaining;
    private long outstanding;
    private boolean pulling;
    private boolean discarding;
    private boolean completed;
    private boolean cancelled;
    private Throwable error;
    private long recordsSent;
    private ServerListener.RequestObservation observation = ServerListener.RequestObservation.NONE;

    ResultStream(Channel channel, QueryResult result, long qid, Listener listener) {
        this.channel = channel;
        this.result = result;
        this.qid = qid;
        this.listener = listener;
    }

    /** Who hears how this result ends. */
    void observe(ServerListener.RequestObservation observation) {
        this.observation = observation;
    }

    /** Reports the end of the result once; later calls do nothing. */
    void ended(String failureCode) {
        ended(failureCode, null);
    }

    /** Reports the end of the result once, with the error that failed it; later calls do nothing. */
    void ended(String failureCode, Throwable error) {
        ServerListener.RequestObservation o = observation;
        observation = ServerListener.RequestObservation.NONE;
        if (failureCode == null) {
            o.succeeded();
        } else if (error == null) {
            o.failed(failureCode);
        } else {
            o.failed(failureCode, error);
        }
    }

    QueryResult result() {
        return result;
    }

    long qid() {
        return qid;
    }

    long recordsSent() {
        return recordsSent;
    }

    /** Sends up to {@code n} records ({@code -1}: all), then reports to the listener. */
    void pull(long n) {
        start(n, false);
    }

    /** Drops up to {@code n} records ({@code -1}: all, and stops the publisher), then reports. */
    void discard(long n) {
        if (n < 0) {
            cancelSubscription();
            buffer.clear();
            completed = true;
        }
        start(n, true);
    }

    /** Stops the publisher and forgets buffered rows; the listener hears nothing more. */
    void cancel() {
        ServerListener.RequestObservation o = observation;
        observation = ServerListener.RequestObservation.NONE;
        o.cancelled();
        pulling = false;
        cancelled = true;
        buffer.clear();
        cancelSubscription();
    }

    /** The channel became writable again: go on if a PULL is waiting for rows. */
    void resume() {
        handle();
    }

    /** Called while the connection handles a request; the connection flushes when it is done. */
    private void start(long n, boolean discard) {
        remaining = n < 0 ? Long.MAX_VALUE : n;
        discarding = discard;
        pulling = true;
        if (busy) {
            // a pull that follows from the end of this stream's previous one (has_more, then PULL again)
            absorb();
            pump();
            return;
        }
        serve(false);
    }

    /** Writes what the PULL still needs; runs with {@code busy} set. */
    private void pump() {
        while (pulling) {
            while (remaining > 0 && !buffer.isEmpty()) {
                List<Object> row = buffer.poll();
                if (!discarding) {
                    channel.write(new RecordMessage(row), channel.voidPromise());
                    recordsSent++;
                }
                remaining--;
            }
            if (buffer.isEmpty() && error != null) {
                pulling = false;
                listener.failed(this, error);
            } else if (buffer.isEmpty() && completed) {
                pulling = false;
                listener.completed(this);
            } else if (remaining == 0 && !buffer.isEmpty()) {
                // a row beyond the batch is already here: the client is told there is more
                pulling = false;
                listener.suspended(this);
            } else if (outstanding == 0 && subscription != null && channel.isWritable()) {
                // ask for what the PULL still needs plus one row, so the end of the stream is seen with the
                // last requested record and has_more is exact
                long need = remaining == Long.MAX_VALUE ? BATCH : Math.min(remaining + 1 - buffer.size(), BATCH);
                outstanding = need;
                subscription.request(need);
                absorb(); // a publisher on this thread may have answered already
                continue;
            }
            return;
        }
    }

    private void cancelSubscription() {
        cancelled = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    private void flushQueued() {
        flushScheduled = false;
        channel.flush();
    }

    /** Handles queued signals on the event loop, and writes what a waiting PULL can now have. */
    private void drain() {
        drainScheduled.set(false);
        handle();
    }

    /**
     * Takes the inbox and writes what a waiting PULL can have, then flushes. Called while it runs (a flush
     * that makes the channel writable again, a signal on this thread), it has the running call go round
     * once more instead, so that nothing is lost.
     */
    private void handle() {
        if (busy) {
            again = true;
            return;
        }
        serve(true);
    }

    /** Takes signals and writes until nothing more can go out; flushes after writing unless the caller will. */
    private void serve(boolean flush) {
        busy = true;
        try {
            do {
                again = false;
                absorb();
                if (pulling) {
                    pump();
                    if (flush) {
                        channel.flush();
                    }
                }
            } while (again || (pulling && !inbox.isEmpty()));
        } finally {
            busy = false;
        }
    }

    /** Moves the inbox's signals into the event-loop state. */
    private void absorb() {
        Object signal;
        while ((signal = inbox.poll()) != null) {
            if (cancelled) {
                if (signal instanceof Flow.Subscription s) {
                    s.cancel();
                }
                continue;
            }
            if (signal instanceof Flow.Subscription s) {
                subscription = s;
            } else if (signal == COMPLETE) {
                completed = true;
            } else if (signal instanceof Failed failed) {
                error = failed.error;
            } else {
                @SuppressWarnings("unchecked")
                List<Object> row = (List<Object>) signal;
                if (outstanding > 0) {
                    outstanding--;
                }
                buffer.add(row);
            }
        }
    }

    private void signal(Object signal) {
        inbox.offer(signal);
        if (channel.eventLoop().inEventLoop()) {
            if (busy) {
                again = true; // a pull on this thread is running: it takes the signal from the inbox itself
                return;
            }
            // a publisher on this thread (rows arriving from another connection of the same event loop): the
            // rows of one read go out in one flush, after the read, instead of one flush each
            serve(false);
            if (!flushScheduled) {
                flushScheduled = true;
                try {
                    channel.eventLoop().execute(flushTask);
                } catch (RejectedExecutionException e) {
                    flushTask.run(); // the event loop is shutting down: what was written goes now
                }
            }
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drainTask);
            } catch (RejectedExecutionException e) {
                // the server is gone; nobody is left to read these rows
                inbox.clear();
            }
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        signal(subscription);
    }

    @Override
    public void onNext(List<Object> row) {
        signal(row);
    }

    @Override
    public void onError(Throwable throwable) {
        signal(new Failed(throwable));
    }

    @Override
    public void onComplete() {
        signal(COMPLETE);
    }

    private record Failed(Throwable error) {
    }
}
