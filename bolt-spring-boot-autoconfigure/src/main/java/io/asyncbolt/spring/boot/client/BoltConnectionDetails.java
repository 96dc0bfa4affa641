package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.AuthToken;

/**
 * Where and as whom the client connects. Defined from {@code bolt.client.*} unless the application (or a
 * test, or a container integration) provides its own bean.
 */
public interface BoltConnectionDetails {

    String uri();

    AuthToken authToken();
}
