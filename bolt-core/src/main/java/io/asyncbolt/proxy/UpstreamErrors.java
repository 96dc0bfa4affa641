package io.asyncbolt.proxy;

import io.asyncbolt.client.BoltClientException;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.StatusCodes;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what the upstream (or the way there) said into the FAILURE the downstream client gets. */
final class UpstreamErrors {

    private UpstreamErrors() {
    }

    static RuntimeException map(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof BoltException bolt) {
            return bolt;
        }
        if (e instanceof BoltClientException.ServiceUnavailable
                || e instanceof BoltClientException.SessionExpired expired && !expired.code().startsWith("Neo.")) {
            // a transient error: the drivers' managed transactions retry it, as they would ServiceUnavailable
            return new BoltException(StatusCodes.DATABASE_UNAVAILABLE, "The upstream database is unavailable: "
                    + e.getMessage(), e);
        }
        if (e instanceof BoltClientException upstream) {
            String code = upstream.code();
            if (code != null && code.startsWith("Neo.")) {
                String gql = upstream.gqlStatus() != null && upstream.gqlStatus().length() == 5 ? upstream.gqlStatus()
                        : null;
                return new BoltException(code, String.valueOf(upstream.getMessage()), gql,
                        gql == null ? null : upstream.statusDescription(), upstream);
            }
            // found by the proxy's client itself (a value it cannot send or read, a closed result)
            return new BoltException(StatusCodes.REQUEST_INVALID, String.valueOf(upstream.getMessage()), upstream);
        }
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
