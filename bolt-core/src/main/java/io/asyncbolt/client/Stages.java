package io.asyncbolt.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Helpers for the common case of a stage that is already complete (a pooled connection, a fixed token). */
final class Stages {

    private Stages() {
    }

    /** The value of {@code stage} if it already completed normally, else null (still running, or failed). */
    static <T> T doneValue(CompletionStage<T> stage) {
        if (stage instanceof CompletableFuture<T> future && future.isDone() && !future.isCompletedExceptionally()) {
            return future.getNow(null);
        }
        return null;
    }
}
