package io.asyncbolt.server;

import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.ResetMessage;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A connection's requests in arrival order (pipelining): one is worked on at a time, either a handler
 * call on the executor or the streaming of a result, and the next is taken when it is answered. A RESET
 * interrupts the running request the moment it arrives; what is queued before it is answered with
 * IGNORED (the state machine sees the pending RESET). Used on the event loop only.
 */
final class RequestQueue {

    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    private final SessionState session;
    private final ResponseWriter out;
    private final Executor handlers;
    private final Executor loop;
    private final Consumer<Request> processor;
    private final Runnable afterTurn;
    /** The request being worked on (a handler call or a streaming), or null. */
    private HandlerCall current;
    private int pendingResets;
    private boolean processing;

    /**
     * @param processor carries out one request; it answers it at once or starts a {@linkplain #call call}
     *                  or a {@linkplain #streaming streaming}
     * @param afterTurn runs once the queue has nothing more to do for now
     */
    RequestQueue(SessionState session, ResponseWriter out, Executor handlers, Executor loop,
            Consumer<Request> processor, Runnable afterTurn) {
        this.session = session;
        this.out = out;
        this.handlers = handlers;
        this.loop = loop;
        this.processor = processor;
        this.afterTurn = afterTurn;
    }

    /** A request came in: queue it (a RESET interrupts what runs), and go on. */
    void arrived(Request request) {
        if (request instanceof ResetMessage) {
            pendingResets++;
            HandlerCall op = current;
            if (op != null) {
                op.cancel();
                if (op.stream() != null) {
                    // a stream has no completion to wait for once cancelled: answer it now
                    current = null;
                    out.send(IgnoredMessage.INSTANCE);
                }
            }
        }
        queue.add(request);
        process();
    }

    /** Carries out queued requests until one has to wait, then flushes the answers. */
    void process() {
        if (processing) {
            return;
        }
        processing = true;
        try {
            while (current == null && !session.defunct()) {
                Request request = queue.poll();
                if (request == null) {
                    break;
                }
                processor.accept(request);
            }
        } finally {
            processing = false;
        }
        out.flush();
        afterTurn.run();
    }

    /** Whether a RESET waits in the queue behind the request being carried out. */
    boolean resetPending() {
        return pendingResets > 0;
    }

    /** The RESET at the head of the queue is carried out. */
    void resetTaken() {
        pendingResets--;
    }

    /**
     * Runs {@code work} on the handler executor as the current request; {@code done} runs back on the event
     * loop unless a RESET (or anything else that {@linkplain #interrupt interrupts}) came first, in which
     * case the request is answered with IGNORED.
     */
    <T> HandlerCall call(Request request, HandlerCall.Work<T> work, BiConsumer<T, Throwable> done) {
        return call(request, true, work, done);
    }

    /** As {@link #call(Request, HandlerCall.Work, BiConsumer)}; {@code blocks} false runs {@code work} here, on the loop. */
    <T> HandlerCall call(Request request, boolean blocks, HandlerCall.Work<T> work, BiConsumer<T, Throwable> done) {
        HandlerCall[] self = new HandlerCall[1];
        self[0] = HandlerCall.start(request, blocks ? handlers : null, loop, work, (value, error) -> {
            HandlerCall op = self[0];
            if (current != op) {
                HandlerCall.release(value);
                return;
            }
            current = null;
            if (op.cancelled()) {
                HandlerCall.release(value);
                out.send(IgnoredMessage.INSTANCE);
            } else {
                done.accept(value, error);
            }
            process();
        });
        current = self[0];
        return self[0];
    }

    /** Whether {@code call} is still the request being worked on. */
    boolean running(HandlerCall call) {
        return current == call;
    }

    /** Whether anything is being worked on (a keep-alive is due while it lasts). */
    boolean busy() {
        return current != null;
    }

    /** Nothing runs and nothing waits. */
    boolean idle() {
        return current == null && queue.isEmpty();
    }

    /** Streams {@code stream} as the current request (a PULL or DISCARD). */
    void streaming(Request request, ResultStream stream) {
        current = HandlerCall.streaming(request, stream);
    }

    /** The result being streamed now, or null. */
    ResultStream streamed() {
        return current != null ? current.stream() : null;
    }

    /**
     * {@code stream} stopped (suspended, completed or failed): {@code answer} runs if it is the current
     * request (IGNORED instead if it was cancelled), and the queue goes on.
     */
    void streamEnded(ResultStream stream, Runnable answer) {
        HandlerCall op = current;
        if (op == null || op.stream() != stream) {
            return;
        }
        current = null;
        if (op.cancelled()) {
            out.send(IgnoredMessage.INSTANCE);
        } else {
            answer.run();
        }
        process();
    }

    /** Cancels the current request without an answer; true if there was one. */
    boolean interrupt() {
        HandlerCall op = current;
        if (op == null) {
            return false;
        }
        // its answer must not follow what the caller sends instead
        current = null;
        op.cancel();
        return true;
    }

    /** Cancels the current request and forgets the queued ones: the connection goes. */
    void clear() {
        queue.clear();
        interrupt();
    }
}
