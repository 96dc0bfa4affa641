package io.asyncbolt.spring.boot.server;

/**
 * A request observation that handler code runs inside of (Micrometer's {@code Observation.openScope()}), so
 * the application's own observations and spans nest under {@code bolt.server.requests}.
 */
interface HandlerScope {

    /** Makes the request's observation current on this thread until the returned scope is closed. */
    AutoCloseable open();
}
