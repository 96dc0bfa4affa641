package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltServer;

/**
 * Configures the Bolt server the application runs, as Boot's web and RSocket server factories do: the
 * auto-configured one applies the {@code bolt.server.*} properties, the application's SPI beans
 * ({@code Authenticator}, {@code TransactionHandler}, {@code RoutingTableProvider}, {@code SystemQueries},
 * listeners, the {@value BoltServerAutoConfiguration#EXECUTOR_BEAN} executor) and then every
 * {@link BoltServerCustomizer}, and {@link BoltServerLifecycle} starts what it returns.
 *
 * <p>Inject it to start a further server configured alike (another port or address, say: set it on the
 * returned builder and call {@link BoltServer.Builder#start()}; stopping that server is the caller's
 * part), or declare a bean of this type to configure the application's server entirely yourself.
 */
@FunctionalInterface
public interface BoltServerFactory {

    /** A new builder with the whole configuration applied; each call returns a fresh one, not started. */
    BoltServer.Builder builder();
}
