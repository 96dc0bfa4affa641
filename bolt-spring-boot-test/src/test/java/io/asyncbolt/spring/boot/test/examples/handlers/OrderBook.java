package io.asyncbolt.spring.boot.test.examples.handlers;

import org.springframework.stereotype.Service;

/** A service, outside the {@code @BoltHandlerTest} slice: tests import it or mock it. */
@Service
public class OrderBook {

    public long count() {
        return 42;
    }
}
