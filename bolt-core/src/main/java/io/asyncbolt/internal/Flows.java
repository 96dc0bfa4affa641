package io.asyncbolt.internal;

import java.util.concurrent.Flow;

/** Helpers for {@link Flow} publishers. Internal: not part of the public API. */
public final class Flows {

    private static final Flow.Subscription NOOP = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private Flows() {
    }

    /** Turns away a subscriber of a single-use publisher, as the Reactive Streams rules ask. */
    public static void rejectSubscriber(Flow.Subscriber<?> subscriber, String reason) {
        subscriber.onSubscribe(NOOP);
        subscriber.onError(new IllegalStateException(reason));
    }
}
