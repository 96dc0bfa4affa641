package io.asyncbolt.test;

import java.util.Objects;
import java.util.regex.Pattern;

/** How a RUN's statement must look. */
public sealed interface StatementMatch {

    /** Any statement. */
    StatementMatch ANY = new Any();

    /** Whether {@code statement} matches. */
    boolean matches(String statement);

    /** The text compared with the statement received (the collapsed form for {@link Collapsed}). */
    String expected();

    /** The statement exactly as given, character for character. */
    static StatementMatch exactly(String statement) {
        return new Exact(statement);
    }

    /**
     * The statement with runs of white space collapsed to one space, trimmed and without a trailing
     * {@code ;} on both sides (the default of {@code expectRun(String)}).
     */
    static StatementMatch collapsed(String statement) {
        return new Collapsed(statement);
    }

    /** A regular expression that the whole statement (white space collapsed) must match. */
    static StatementMatch regex(String regex) {
        return new Regex(Pattern.compile(regex, Pattern.DOTALL));
    }

    /** Collapses runs of white space, trims, drops a trailing {@code ;}. */
    static String collapse(String statement) {
        String s = statement.replaceAll("\\s+", " ").trim();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        return s;
    }

    /** @see #exactly(String) */
    record Exact(String statement) implements StatementMatch {
        public Exact {
            Objects.requireNonNull(statement, "statement");
        }

        @Override
        public boolean matches(String received) {
            return statement.equals(received);
        }

        @Override
        public String expected() {
            return statement;
        }
    }

    /** @see #collapsed(String) */
    record Collapsed(String statement) implements StatementMatch {
        public Collapsed {
            Objects.requireNonNull(statement, "statement");
        }

        @Override
        public boolean matches(String received) {
            return StatementMatch.collapse(statement).equals(StatementMatch.collapse(received));
        }

        @Override
        public String expected() {
            return StatementMatch.collapse(statement);
        }
    }

    /** @see #regex(String) */
    record Regex(Pattern pattern) implements StatementMatch {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public boolean matches(String received) {
            return pattern.matcher(StatementMatch.collapse(received)).matches();
        }

        @Override
        public String expected() {
            return pattern.pattern();
        }
    }

    /** @see #ANY */
    record Any() implements StatementMatch {
        @Override
        public boolean matches(String received) {
            return true;
        }

        @Override
        public String expected() {
            return "*";
        }
    }
}
