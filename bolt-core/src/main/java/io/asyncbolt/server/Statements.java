package io.asyncbolt.server;

final class Statements {

    private Statements() {
    }

    static String normalize(String statement) {
        StringBuilder out = new StringBuilder(statement.length());
        boolean space = false;
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        int end = out.length();
        while (end > 0 && (out.charAt(end - 1) == ';' || out.charAt(end - 1) == ' ')) {
            end--;
        }
        out.setLength(end);
        return out.toString();
    }
}
