package io.asyncbolt.spring.boot.server;

import java.util.List;
import java.util.Map;

/**
 * The method a statement is mapped to, and what the statement itself gives it.
 *
 * @param handler the mapped method
 * @param groups the named groups of a {@link BoltQuery#pattern()} match (empty for other mappings)
 * @param procedureArguments the arguments of a procedure call, in order (null when not a call, or when
 *     they are too complex to read)
 * @param yield the columns a procedure call's {@code YIELD} selects (null: all)
 */
record HandlerMatch(HandlerMethod handler, Map<String, Object> groups, List<Object> procedureArguments,
        List<String> yield) {
}
