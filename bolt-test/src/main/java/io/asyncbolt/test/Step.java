package io.asyncbolt.test;

import java.util.List;

/**
 * One element of a {@link Script}: an {@link Expectation} of one client message, or a block of steps.
 * Blocks nest freely.
 */
public sealed interface Step permits Expectation, Step.Optional, Step.Repeat, Step.OneOf, Step.AnyOrder,
        Step.Sequence {

    /** The steps, zero or one time. */
    record Optional(List<Step> steps) implements Step {
        public Optional {
            steps = List.copyOf(steps);
        }
    }

    /**
     * The steps, from {@code min} to {@code max} times in a row.
     *
     * @param max the most repetitions, or {@link #UNBOUNDED}
     */
    record Repeat(List<Step> steps, int min, int max) implements Step {

        /** No upper limit. */
        public static final int UNBOUNDED = -1;

        public Repeat {
            steps = List.copyOf(steps);
            if (min < 0 || (max != UNBOUNDED && max < min)) {
                throw new IllegalArgumentException("repeat " + min + ".." + max + " is not a range");
            }
        }
    }

    /** Exactly one of the alternatives (each a sequence of steps); the first that matches wins. */
    record OneOf(List<List<Step>> alternatives) implements Step {
        public OneOf {
            alternatives = alternatives.stream().map(List::copyOf).toList();
            if (alternatives.isEmpty()) {
                throw new IllegalArgumentException("one of: no alternatives");
            }
        }
    }

    /**
     * Every member once, in any order. A member is one step; a block member (e.g. a {@link Sequence}) runs
     * from its first to its last step before another member starts.
     */
    record AnyOrder(List<Step> members) implements Step {
        public AnyOrder {
            members = List.copyOf(members);
        }
    }

    /** The steps in order, as one step (a member of {@link AnyOrder}, say). */
    record Sequence(List<Step> steps) implements Step {
        public Sequence {
            steps = List.copyOf(steps);
        }
    }
}
