package io.asyncbolt.server;

import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a connection answers what went wrong: a FAILURE that fails the session (everything but RESET is
 * IGNORED until then), a FAILURE that ends the connection (a protocol violation, bad credentials, a
 * bad message), and RESET, which clears the session and never fails. Used on the event loop only.
 */
final class FailureHandling {

    private static final Logger log = LoggerFactory.getLogger(FailureHandling.class);

    private final String connectionId;
    private final SessionState session;
    private final ResponseWriter out;
    private final RequestQueue requests;
    private final Executor loop;
    private final Runnable clearSession;

    /**
     * @param clearSession what a RESET clears: open results, the open transaction (rolled back), a
     *                     transaction timeout not yet reported
     */
    FailureHandling(String connectionId, SessionState session, ResponseWriter out, RequestQueue requests,
            Executor loop, Runnable clearSession) {
        this.connectionId = connectionId;
        this.session = session;
        this.out = out;
        this.requests = requests;
        this.loop = loop;
        this.clearSession = clearSession;
    }

    /** Answers {@code failure}; the session is FAILED until a RESET. */
    void fail(FailureMessage failure) {
        session.failed();
        out.send(failure);
    }

    /** Answers with {@code failure} what went wrong in embedder code (or the executor); the session fails. */
    void fail(Throwable error) {
        fail(Failures.toFailure(error, connectionId));
    }

    /** Answers {@code failure} and closes: nothing queued or running is answered any more. */
    void failAndClose(FailureMessage failure) {
        session.end();
        // the running request's answer must not follow the FAILURE (nor bring the connection back to READY)
        requests.clear();
        out.sendAndClose(failure);
    }

    /** Answers IGNORED: the session failed, or a RESET is on its way. */
    void ignore() {
        out.send(IgnoredMessage.INSTANCE);
    }

    /** Carries out the RESET at the head of the queue. */
    void reset() {
        requests.resetTaken();
        clearSession.run();
        // nothing to reset before authentication: the state stays there
        session.reset(requests.resetPending());
        out.send(SuccessMessage.EMPTY);
    }

    /**
     * Something in the pipeline failed: a lost peer or a message that could not be decoded. A bad message
     * is answered with a FAILURE and the connection closes; a fatal error ({@link OutOfMemoryError}) is
     * logged at ERROR and the connection closes.
     */
    void pipelineFailed(Throwable cause) {
        Throwable e = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        VirtualMachineError fatal = Failures.fatal(cause);
        if (fatal != null) {
            // out of (direct) memory and the like: never a DEBUG line; this connection goes, the server stays
            log.error("Connection {} closed after {}", connectionId, fatal.toString(), cause);
            session.end();
            out.closeNow();
        } else if (e instanceof IOException) {
            log.debug("Connection {} failed: {}", connectionId, e.toString());
            out.closeNow();
        } else if (!session.defunct()) {
            log.debug("Connection {} sent a bad message: {}", connectionId, e.toString());
            // a decoder's error comes in a read, maybe before any message of it: the close waits for its end
            boolean inRead = out.inRead();
            out.reading();
            failAndClose(Failures.toFailure(e, connectionId));
            if (!inRead) {
                loop.execute(out::readComplete); // in case no end of a read follows
            }
        } else {
            // e.g. a message too large in the bytes that followed the one that failed the connection
            log.debug("Connection {} (closing) sent more that is not read: {}", connectionId, e.toString());
        }
    }
}
