package io.asyncbolt.spring.boot.proxy;

import io.asyncbolt.proxy.BoltProxy;

/**
 * Adjusts the auto-configured gateway's builder once {@code bolt.proxy.*} and {@code bolt.server.*} are applied
 * (upstream client settings, fetch size, more downstream server settings through {@link BoltProxy.Builder#server}).
 */
@FunctionalInterface
public interface BoltProxyCustomizer {

    void customize(BoltProxy.Builder builder);
}
