package io.asyncbolt.test;

import java.util.List;

/**
 * A scripted conversation: what the clients are expected to send, in order, and what the stub answers.
 * Built with {@link BoltStub#script()} or read from a text script ({@link BoltStub#fromResource(String)}).
 *
 * @param name  where the script comes from (a resource name, or {@code "script"} for the Java DSL)
 * @param steps the steps, in order
 */
public record Script(String name, List<Step> steps) {

    public Script {
        steps = List.copyOf(steps);
    }

    /** A script that expects nothing (any RUN, BEGIN, COMMIT or ROLLBACK fails the conversation). */
    public static Script empty() {
        return new Script("script", List.of());
    }

    /** This script followed by {@code next}. */
    public Script then(Script next) {
        List<Step> all = new java.util.ArrayList<>(steps);
        all.addAll(next.steps());
        return new Script(name, all);
    }
}
