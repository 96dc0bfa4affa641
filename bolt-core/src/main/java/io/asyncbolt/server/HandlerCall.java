package io.asyncbolt.server;

import io.asyncbolt.protocol.message.Request;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request a connection is working on: a call of embedder code (authenticator, query or transaction
 * handler, routing provider) on the handler executor whose answer comes back on the event loop, or a
 * result being streamed. RESET, a timeout or the peer's end {@linkplain #cancel() cancel} it; an answer
 * that arrives after that is {@linkplain #release released} (a result's rows are closed unread).
 */
final class HandlerCall {

    private static final Logger log = LoggerFactory.getLogger(HandlerCall.class);

    /** Embedder code that may throw anything. */
    @FunctionalInterface
    interface Work<T> {
        CompletionStage<T> get() throws Exception;
    }

    final Request request;
    private volatile Future<?> future;
    private boolean cancelled;
    private ResultStream stream;
    private Runnable onCancel;

    private HandlerCall(Request request) {
        this.request = request;
    }

    /** The streaming of {@code stream} for a PULL or DISCARD. */
    static HandlerCall streaming(Request request, ResultStream stream) {
        HandlerCall call = new HandlerCall(request);
        call.stream = stream;
        return call;
    }

    /**
     * Runs {@code work} on {@code handlers}; {@code onLoop} gets the value or the (unwrapped) error on
     * {@code loop}, whether or not the call was cancelled meanwhile (see {@link #cancelled()}). With
     * {@code handlers} null, {@code work} runs at once on the calling thread (the event loop) and
     * {@code onLoop} in a later task of the loop.
     */
    static <T> HandlerCall start(Request request, Executor handlers, Executor loop, Work<T> work,
            BiConsumer<T, Throwable> onLoop) {
        HandlerCall call = new HandlerCall(request);
        CompletableFuture<T> result = new CompletableFuture<>();
        result.whenComplete((value, error) -> loop.execute(
                () -> onLoop.accept(value, error == null ? null : Failures.unwrap(error))));
        call.future = result;
        Runnable task = () -> {
            if (call.cancelled) {
                result.cancel(false);
                return;
            }
            try {
                CompletionStage<T> stage = work.get();
                if (stage == null) {
                    result.complete(null);
                } else {
                    stage.whenComplete((value, error) -> {
                        if (error != null) {
                            result.completeExceptionally(error);
                        } else if (!result.complete(value)) {
                            // RESET, a timeout or the peer's end came first: nobody reads this answer
                            release(value);
                        }
                    });
                }
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        };
        if (handlers == null) {
            task.run();
            return call;
        }
        try {
            handlers.execute(task);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return call;
    }

    /** The result this call streams, or null for a handler call. */
    ResultStream stream() {
        return stream;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Also runs {@code action} when the call is cancelled (e.g. to tell the request's observation). */
    void onCancel(Runnable action) {
        this.onCancel = action;
    }

    void cancel() {
        cancelled = true;
        if (onCancel != null) {
            onCancel.run();
        }
        Future<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
        if (stream != null) {
            stream.cancel();
        }
    }

    /** Lets go of an answer that arrived too late, so a result's row source (a cursor, a file) is closed. */
    static void release(Object value) {
        if (value instanceof QueryResult late) {
            try {
                late.records().subscribe(Unread.INSTANCE);
            } catch (RuntimeException e) {
                log.debug("Releasing an unread result failed", e);
            }
        }
    }

    /** Subscribes only to cancel at once: the publisher closes what it holds. */
    private enum Unread implements Flow.Subscriber<Object> {
        INSTANCE;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(Object item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
