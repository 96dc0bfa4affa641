package io.asyncbolt.test.internal;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.test.Expectation;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ReceivedMessage;
import io.asyncbolt.test.Reply;
import io.asyncbolt.test.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stub's side of the conversation: every client message, from every connection, in the order the
 * stub received them, checked against the script. The first mismatch fails the conversation: that
 * message and all that follow get a FAILURE ({@code Neo.ClientError.Request.Invalid}) whose message is the
 * diff, and {@link #verify()} throws it. Thread-safe.
 */
public final class Conversation {

    private static final Logger log = LoggerFactory.getLogger(Conversation.class);

    private ScriptMachine machine;
    private final List<ReceivedMessage> received = new ArrayList<>();
    private final List<String> transcript = new ArrayList<>();
    /** Transactions that saw a FAILURE: the engine rolls them back itself when the client resets. */
    private final Set<String> failedTransactions = new HashSet<>();
    private String mismatch;
    private int mismatches;

    public Conversation(List<Step> steps) {
        this.machine = new ScriptMachine(steps);
    }

    /** Appends steps to what the script still expects. */
    public synchronized void append(List<Step> steps) {
        machine.append(steps);
    }

    /**
     * Starts over: forgets what was received and the first mismatch, and expects {@code steps} from now on.
     * Transactions that saw a FAILURE are still known, so their rollback by the client's RESET stays unscripted.
     */
    public synchronized void reset(List<Step> steps) {
        machine = new ScriptMachine(steps);
        received.clear();
        transcript.clear();
        mismatch = null;
        mismatches = 0;
    }

    /**
     * The expectation {@code message} meets, or null for a message the stub answers by itself (a ROUTE the
     * script does not expect; the engine's rollback of a failed transaction).
     *
     * @throws BoltException {@code Neo.ClientError.Request.Invalid} with the diff, when it meets none
     */
    public synchronized Expectation expect(ReceivedMessage message) {
        if (message.kind() == MessageKind.ROLLBACK && failedTransactions.remove(message.transactionId())) {
            log.debug("Rollback of failed transaction {} on {}: the client's RESET, not in the script",
                    message.transactionId(), message.connectionId());
            return null;
        }
        received.add(message);
        int number = received.size();
        if (mismatch != null) {
            mismatches++;
            failTransaction(message);
            transcript.add(line(number, message, "refused: the conversation had already failed"));
            throw new BoltException(StatusCodes.REQUEST_INVALID,
                    "The Bolt stub's conversation has already failed; the first mismatch:\n" + mismatch);
        }
        Expectation matched = machine.advance(expectation -> Matching.matches(expectation, message));
        if (matched != null) {
            if (matched.reply() instanceof Reply.Failure) {
                failTransaction(message);
            }
            transcript.add(line(number, message, "matched " + where(matched)));
            log.debug("#{} {} matched {}", number, message, where(matched));
            return matched;
        }
        if (message.kind() == MessageKind.ROUTE) {
            transcript.add(line(number, message, "answered by default (not in the script)"));
            return null;
        }
        mismatch = report(number, message);
        mismatches++;
        failTransaction(message);
        transcript.add(line(number, message, "MISMATCH"));
        log.warn("{}", mismatch);
        throw new BoltException(StatusCodes.REQUEST_INVALID, mismatch);
    }

    /** What the clients sent so far, in order (without the engine's own rollbacks of failed transactions). */
    public synchronized List<ReceivedMessage> received() {
        return List.copyOf(received);
    }

    /**
     * Throws an {@link AssertionError} when a message did not follow the script, or when the script still
     * expects messages that never came.
     */
    public synchronized void verify() {
        if (mismatch != null) {
            throw new AssertionError(mismatch + "\n" + (mismatches > 1 ? (mismatches - 1)
                    + " later message(s) refused as well.\n" : "") + transcript());
        }
        if (!machine.complete()) {
            List<Expectation> next = machine.next();
            StringBuilder text = new StringBuilder("Bolt stub: unmet expectations; the script still expects")
                    .append(next.size() == 1 ? ":\n" : " one of:\n");
            for (Expectation expectation : next) {
                text.append("  ").append(Matching.describe(expectation)).append('\n');
            }
            throw new AssertionError(text + transcript());
        }
    }

    private void failTransaction(ReceivedMessage message) {
        if (message.transactionId() != null && message.kind() != MessageKind.COMMIT
                && message.kind() != MessageKind.ROLLBACK) {
            failedTransactions.add(message.transactionId());
        }
    }

    private String report(int number, ReceivedMessage message) {
        StringBuilder text = new StringBuilder("Bolt stub: message #").append(number).append(" on ")
                .append(message.connectionId()).append(" does not follow the script\n");
        text.append("  received ").append(message).append('\n');
        List<Expectation> next = machine.next();
        if (next.isEmpty()) {
            text.append("  expected nothing more: the script had ended\n");
        } else if (next.size() == 1) {
            text.append("  expected ").append(Matching.describe(next.get(0))).append('\n');
            Matching.explain(next.get(0), message).forEach(line -> text.append("  ").append(line).append('\n'));
        } else {
            text.append("  expected one of:\n");
            for (Expectation expectation : next) {
                text.append("    ").append(Matching.describe(expectation)).append('\n');
                Matching.explain(expectation, message).forEach(line -> text.append("    ").append(line).append('\n'));
            }
        }
        return text.toString();
    }

    private String transcript() {
        StringBuilder text = new StringBuilder("Received (").append(received.size()).append(" message(s)):\n");
        if (transcript.isEmpty()) {
            text.append("  nothing\n");
        }
        transcript.forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    private static String line(int number, ReceivedMessage message, String outcome) {
        return "  #" + number + " " + message.connectionId() + ": " + message + "  -> " + outcome;
    }

    private static String where(Expectation expectation) {
        return expectation.origin().isEmpty() ? expectation.kind().name() : expectation.origin();
    }
}
