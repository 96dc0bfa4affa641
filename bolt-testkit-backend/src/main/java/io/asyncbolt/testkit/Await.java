package io.asyncbolt.testkit;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits on the request thread for a client stage (the client's network threads are never blocked). */
final class Await {

    /** Longer than any timeout testkit waits for, so a hanging client shows as a test failure, not a leak. */
    private static final long TIMEOUT_SECONDS = 120;

    private Await() {
    }

    static <T> T result(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Errors.unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new Errors.UnsupportedByClientException("The client did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Errors.UnsupportedByClientException("Interrupted");
        }
    }
}
