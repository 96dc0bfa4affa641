package io.asyncbolt.test.internal;

import io.asyncbolt.test.Expectation;
import io.asyncbolt.test.Step;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Follows a script message by message. The script is compiled to an expression over expectations
 * (sequence, alternatives, repetition, any order); each received message takes the derivative of every
 * expression still possible, so optional, repeated and alternative blocks need no backtracking and no
 * look-ahead. Of several expectations that match, the first in script order answers; the others that match
 * stay possible when their answer is the same (alternatives that start alike), and are dropped otherwise, so
 * the conversation never contradicts an answer already given. Not thread-safe.
 */
public final class ScriptMachine {

    /** An upper bound on the expressions followed at once; scripts that reach it are ambiguous. */
    private static final int MAX_STATES = 256;

    private List<Expr> states;

    public ScriptMachine(List<Step> steps) {
        states = List.of(compile(steps));
    }

    /** Appends steps: they follow whatever the script still expects. */
    public void append(List<Step> steps) {
        Expr more = compile(steps);
        states = states.stream().map(state -> seq(List.of(state, more))).toList();
    }

    /**
     * Consumes one message: the first next expectation that {@code matches} accepts is returned and the
     * script moves past it; null (and no move) when none does.
     */
    public Expectation advance(Predicate<Expectation> matches) {
        Leaf chosen = null;
        List<Expr> next = new ArrayList<>();
        for (Expr state : states) {
            for (Derivative d : derive(state, leaf -> matches.test(leaf.expectation))) {
                if (chosen == null) {
                    chosen = d.leaf;
                }
                // others that matched stay possible if they would have answered the same
                if ((d.leaf == chosen || d.leaf.expectation.reply().equals(chosen.expectation.reply()))
                        && !next.contains(d.rest) && next.size() < MAX_STATES) {
                    next.add(d.rest);
                }
            }
        }
        if (chosen == null) {
            return null;
        }
        states = List.copyOf(next);
        return chosen.expectation;
    }

    /** The expectations that may come next, in script order. */
    public List<Expectation> next() {
        Set<Leaf> leaves = new LinkedHashSet<>();
        for (Expr state : states) {
            firsts(state, leaves);
        }
        return leaves.stream().map(leaf -> leaf.expectation).toList();
    }

    /** Whether the script may end here (nothing more is required). */
    public boolean complete() {
        return states.stream().anyMatch(ScriptMachine::nullable);
    }

    // ------------------------------------------------------------ expressions

    private sealed interface Expr permits Leaf, Seq, Alt, Rep, AnyOrd, Empty {
    }

    /** One expectation; identity matters (the same expectation may be written twice). */
    private static final class Leaf implements Expr {
        final Expectation expectation;

        Leaf(Expectation expectation) {
            this.expectation = expectation;
        }
    }

    private record Seq(List<Expr> items) implements Expr {
    }

    private record Alt(List<Expr> options) implements Expr {
    }

    private record Rep(Expr body, int min, int max) implements Expr {
    }

    private record AnyOrd(List<Expr> members) implements Expr {
    }

    private record Empty() implements Expr {
    }

    private static final Expr EMPTY = new Empty();

    private record Derivative(Leaf leaf, Expr rest) {
    }

    private static Expr compile(List<Step> steps) {
        return seq(steps.stream().map(ScriptMachine::compile).toList());
    }

    private static Expr compile(Step step) {
        if (step instanceof Expectation e) {
            return new Leaf(e);
        } else if (step instanceof Step.Sequence s) {
            return compile(s.steps());
        } else if (step instanceof Step.Optional o) {
            return new Rep(compile(o.steps()), 0, 1);
        } else if (step instanceof Step.Repeat r) {
            return new Rep(compile(r.steps()), r.min(), r.max());
        } else if (step instanceof Step.OneOf one) {
            return new Alt(one.alternatives().stream().map(ScriptMachine::compile).toList());
        } else if (step instanceof Step.AnyOrder any) {
            return new AnyOrd(any.members().stream().map(ScriptMachine::compile).toList());
        }
        throw new IllegalArgumentException("unknown step " + step);
    }

    private static Expr seq(List<Expr> items) {
        List<Expr> flat = new ArrayList<>();
        for (Expr item : items) {
            if (item instanceof Seq s) {
                flat.addAll(s.items);
            } else if (!(item instanceof Empty)) {
                flat.add(item);
            }
        }
        return flat.isEmpty() ? EMPTY : flat.size() == 1 ? flat.get(0) : new Seq(List.copyOf(flat));
    }

    private static boolean nullable(Expr e) {
        if (e instanceof Empty) {
            return true;
        } else if (e instanceof Leaf) {
            return false;
        } else if (e instanceof Seq s) {
            return s.items.stream().allMatch(ScriptMachine::nullable);
        } else if (e instanceof Alt a) {
            return a.options.stream().anyMatch(ScriptMachine::nullable);
        } else if (e instanceof Rep r) {
            return r.min == 0 || nullable(r.body);
        } else {
            return ((AnyOrd) e).members.stream().allMatch(ScriptMachine::nullable);
        }
    }

    private static List<Derivative> derive(Expr e, Predicate<Leaf> matches) {
        List<Derivative> out = new ArrayList<>();
        if (e instanceof Leaf leaf) {
            if (matches.test(leaf)) {
            out.add(new Derivative(leaf, EMPTY));
            }
        } else if (e instanceof Seq s) {
            for (int i = 0; i < s.items.size(); i++) {
                List<Expr> tail = s.items.subList(i + 1, s.items.size());
                for (Derivative d : derive(s.items.get(i), matches)) {
                    List<Expr> rest = new ArrayList<>();
                    rest.add(d.rest);
                    rest.addAll(tail);
                    out.add(new Derivative(d.leaf, seq(rest)));
                }
                if (!nullable(s.items.get(i))) {
                    break;
                }
            }
        } else if (e instanceof Alt a) {
            for (Expr option : a.options) {
                out.addAll(derive(option, matches));
            }
        } else if (e instanceof Rep r) {
            if (r.max != 0) {
                Expr again = new Rep(r.body, Math.max(0, r.min - 1), r.max < 0 ? r.max : r.max - 1);
                for (Derivative d : derive(r.body, matches)) {
                    out.add(new Derivative(d.leaf, seq(List.of(d.rest, again))));
                }
            }
        } else if (e instanceof AnyOrd a) {
            for (int i = 0; i < a.members.size(); i++) {
                List<Expr> others = new ArrayList<>(a.members);
                others.remove(i);
                Expr remaining = others.isEmpty() ? EMPTY : new AnyOrd(List.copyOf(others));
                for (Derivative d : derive(a.members.get(i), matches)) {
                    out.add(new Derivative(d.leaf, seq(List.of(d.rest, remaining))));
                }
            }
        }
        return out;
    }

    private static void firsts(Expr e, Set<Leaf> out) {
        derive(e, leaf -> {
            out.add(leaf);
            return false;
        });
    }
}
