package io.asyncbolt.client;

import io.asyncbolt.protocol.message.FailureMessage;
import java.util.List;
import java.util.Map;

/** Receives the response(s) to one request, on the connection's event loop. */
interface ResponseHandler {

    default void onRecord(List<Object> values) {
    }

    /** A record; {@code invalidValue} says why one of its values could not be read, or is null. */
    default void onRecord(List<Object> values, String invalidValue) {
        onRecord(values);
    }

    void onSuccess(Map<String, Object> metadata);

    void onFailure(BoltClientException error);

    /** The server ignored the request because an earlier one failed; {@code cause} is that failure, or null. */
    default void onIgnored(BoltClientException cause) {
        onFailure(cause != null ? cause
                : new BoltClientException.ClientError("Neo.ClientError.Request.Ignored", "The request was ignored", null));
    }

    /** {@code gqlFailures}: the connection speaks Bolt 5.7+, whose FAILUREs carry the GQL fields. */
    static BoltClientException toException(FailureMessage failure, boolean gqlFailures) {
        return BoltClientException.of(failure, gqlFailures);
    }
}
