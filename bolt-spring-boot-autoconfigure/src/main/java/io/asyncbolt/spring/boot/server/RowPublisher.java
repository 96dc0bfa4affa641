package io.asyncbolt.spring.boot.server;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Maps the elements of a handler's publisher to rows, passing demand straight through: a client's
 * {@code PULL n} becomes {@code request(n)} on the handler's publisher (plus one to see the end).
 */
final class RowPublisher implements Flow.Publisher<List<Object>> {

    private final Flow.Publisher<?> source;
    private final Function<Object, List<Object>> toRow;

    RowPublisher(Flow.Publisher<?> source, Function<Object, List<Object>> toRow) {
        this.source = source;
        this.toRow = toRow;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super List<Object>> subscriber) {
        source.subscribe(new Flow.Subscriber<Object>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(Object item) {
                subscriber.onNext(toRow.apply(item));
            }

            @Override
            public void onError(Throwable throwable) {
                subscriber.onError(throwable);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
