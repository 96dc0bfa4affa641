package io.asyncbolt.spring.boot.server;

import java.util.Comparator;

/**
 * The order in which {@link BoltQuery#pattern()} mappings are tried: the most specific first, that is the
 * one with the most literal characters (outside groups, classes and quantifiers), then by the pattern's
 * text, so the order never depends on reflection.
 */
final class PatternPrecedence {

    /** Patterns the most specific first. */
    static final Comparator<HandlerMethod> ORDER = Comparator
            .<HandlerMethod>comparingInt(h -> -literalLength(h.pattern().pattern()))
            .thenComparing(h -> h.pattern().pattern());

    private PatternPrecedence() {
    }

    /** The characters of a regular expression that match only themselves. */
    static int literalLength(String regex) {
        int literal = 0;
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(++i);
                if (!inClass && depth == 0 && !Character.isLetterOrDigit(next)) {
                    literal++; // an escaped metacharacter such as \( or \.
                }
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && ".*+?{}|^$".indexOf(c) < 0) {
                literal++;
            }
        }
        return literal;
    }
}
