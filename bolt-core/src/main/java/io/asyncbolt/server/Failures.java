package io.asyncbolt.server;

import io.asyncbolt.protocol.BoltMessageTooLargeException;
import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.message.FailureMessage;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what went wrong into the FAILURE drivers act on; internal details never reach the client. */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static FailureMessage toFailure(Throwable error, String connectionId) {
        Throwable e = unwrap(error);
        VirtualMachineError fatal = fatal(e);
        if (fatal != null) {
            // out of (direct) memory and the like: always at ERROR, whoever threw it
            String reference = UUID.randomUUID().toString();
            log.error("Connection {}: {} (reference {})", connectionId, fatal, reference, e);
            return FailureMessage.of(StatusCodes.UNKNOWN_ERROR,
                    "An internal error occurred while processing the request; see the server log, reference " + reference);
        }
        if (e instanceof BoltException bolt) {
            return new FailureMessage(bolt.code(), String.valueOf(bolt.getMessage()), bolt.gqlStatus(),
                    bolt.description(), null, null);
        }
        if (e instanceof BoltProtocolException protocol) {
            return FailureMessage.of(protocol.code(), protocol.getMessage());
        }
        if (e instanceof BoltMessageTooLargeException tooLarge) {
            return FailureMessage.of(StatusCodes.REQUEST_INVALID, tooLarge.getMessage());
        }
        if (e instanceof io.netty.handler.codec.TooLongFrameException tooLong) {
            return FailureMessage.of(StatusCodes.REQUEST_INVALID, tooLong.getMessage());
        }
        if (e instanceof RejectedExecutionException) {
            return FailureMessage.of(StatusCodes.DATABASE_UNAVAILABLE, "The server is too busy or shutting down; retry.");
        }
        if (e instanceof CancellationException) {
            return FailureMessage.of(StatusCodes.TRANSACTION_TERMINATED, "The request was terminated.");
        }
        String reference = UUID.randomUUID().toString();
        log.warn("Handler failed on connection {} (reference {})", connectionId, reference, e);
        return FailureMessage.of(StatusCodes.UNKNOWN_ERROR,
                "An internal error occurred while processing the request; see the server log, reference " + reference);
    }

    /**
     * The {@link VirtualMachineError} (an {@link OutOfMemoryError}, say) that {@code error} is or was caused
     * by, or null: such an error is logged at ERROR wherever it is caught, never below.
     */
    static VirtualMachineError fatal(Throwable error) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof VirtualMachineError v) {
                return v;
            }
        }
        return null;
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
