package io.asyncbolt.test;

import java.util.Map;
import java.util.Objects;

/**
 * One expected client message and the stub's answer to it.
 *
 * @param kind       the message
 * @param statement  for RUN, how the statement must look; {@link StatementMatch#ANY} otherwise
 * @param parameters for RUN, how the parameters must look; {@link ParameterMatch#ANY} otherwise
 * @param extras     entries the message's extras must have (a subset match; {@link ParameterMatch#anyValue()}
 *                   matches any value): {@code db}, {@code mode} ({@code "r"} or {@code "w"}), {@code bookmarks}
 *                   (compared ignoring order), {@code tx_metadata}, {@code tx_timeout} (ms), {@code imp_user},
 *                   and for ROUTE {@code routing}
 * @param reply      the answer
 * @param origin     where the expectation was written ({@code MyTest.java:42}, {@code scripts/x.bolt:7}), for messages
 */
public record Expectation(MessageKind kind, StatementMatch statement, ParameterMatch parameters,
        Map<String, Object> extras, Reply reply, String origin) implements Step {

    public Expectation {
        Objects.requireNonNull(kind, "kind");
        statement = statement == null ? StatementMatch.ANY : statement;
        parameters = parameters == null ? ParameterMatch.ANY : parameters;
        extras = extras == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extras));
        reply = reply == null ? Reply.Success.EMPTY : reply;
        origin = origin == null ? "" : origin;
    }
}
