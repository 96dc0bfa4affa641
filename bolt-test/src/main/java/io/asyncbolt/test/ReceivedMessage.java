package io.asyncbolt.test;

import io.asyncbolt.test.internal.Values;
import java.util.Map;

/**
 * A client message the stub received, as it compares it with the script.
 *
 * @param kind          the message
 * @param statement     the RUN's statement as sent, or null
 * @param parameters    the RUN's parameters, or empty
 * @param extras        the message's extras as the stub compares them ({@code db}, {@code mode},
 *                      {@code bookmarks}, {@code tx_metadata}, {@code tx_timeout}, {@code imp_user}; for ROUTE
 *                      also {@code routing}); for a RUN inside a transaction those of its BEGIN
 * @param connectionId  the server's id of the connection
 * @param transactionId the explicit transaction the message belongs to, or null
 */
public record ReceivedMessage(MessageKind kind, String statement, Map<String, Object> parameters,
        Map<String, Object> extras, String connectionId, String transactionId) {

    public ReceivedMessage {
        parameters = parameters == null ? Map.of() : parameters;
        extras = extras == null ? Map.of() : extras;
    }

    /** The message in the notation of text scripts, e.g. {@code RUN "RETURN $x" {"x": 1}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.name());
        if (kind == MessageKind.RUN) {
            text.append(' ').append(Values.render(statement)).append(' ').append(Values.render(parameters));
        }
        if (!extras.isEmpty()) {
            text.append(' ').append(Values.render(extras));
        }
        return text.toString();
    }
}
