package io.asyncbolt.server;

import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.TelemetryMessage;
import java.util.EnumMap;
import java.util.Map;

/**
 * The server's Bolt session state machine (Bolt 4.4 to 6.1) as a table: for a state and a request, what
 * the connection does ({@link Action}), and the state a successful answer leads to
 * ({@link #afterSuccess}). Pure: no Netty, no handlers, no time; {@link BoltConnection} feeds it each
 * request in turn and carries out the action.
 *
 * <pre>
 * CONNECTED      HELLO -> AUTHENTICATION (5.1+) or READY (auth in HELLO)
 * AUTHENTICATION LOGON -> READY
 * READY          RUN -> STREAMING, BEGIN -> TX_READY, ROUTE, TELEMETRY (5.4+) -> READY, LOGOFF (5.1+) -> AUTHENTICATION
 * STREAMING      PULL, DISCARD -> STREAMING while has_more, then READY
 * TX_READY       RUN -> TX_STREAMING, COMMIT, ROLLBACK -> READY
 * TX_STREAMING   RUN, PULL, DISCARD -> TX_STREAMING while a result is open, then TX_READY; COMMIT, ROLLBACK -> READY
 * any            RESET -> READY (INTERRUPTED while more RESETs are on their way; no change before authentication),
 *                GOODBYE -> DEFUNCT; a failure -> FAILED, where everything but RESET is IGNORED
 * </pre>
 *
 * Anything else is a protocol violation ({@link Action#INVALID}): FAILURE {@code Request.Invalid}, then close.
 */
final class BoltStateMachine {

    /** The session states of the Bolt server state machine, as Neo4j names them. */
    enum State { CONNECTED, AUTHENTICATION, READY, STREAMING, TX_READY, TX_STREAMING, FAILED, INTERRUPTED, DEFUNCT }

    /** The requests, by what they ask. */
    enum Message {
        HELLO, LOGON, LOGOFF, RUN, BEGIN, ROUTE, TELEMETRY, PULL, DISCARD, COMMIT, ROLLBACK, RESET, GOODBYE;

        static Message of(Request request) {
            if (request instanceof HelloMessage) {
                return HELLO;
            } else if (request instanceof LogonMessage) {
                return LOGON;
            } else if (request instanceof LogoffMessage) {
                return LOGOFF;
            } else if (request instanceof RunMessage) {
                return RUN;
            } else if (request instanceof BeginMessage) {
                return BEGIN;
            } else if (request instanceof RouteMessage) {
                return ROUTE;
            } else if (request instanceof TelemetryMessage) {
                return TELEMETRY;
            } else if (request instanceof PullMessage) {
                return PULL;
            } else if (request instanceof DiscardMessage) {
                return DISCARD;
            } else if (request instanceof CommitMessage) {
                return COMMIT;
            } else if (request instanceof RollbackMessage) {
                return ROLLBACK;
            } else if (request instanceof ResetMessage) {
                return RESET;
            } else if (request instanceof GoodbyeMessage) {
                return GOODBYE;
            }
            throw new IllegalArgumentException("Not a Bolt request: " + request);
        }
    }

    /** What the connection does with a request. */
    enum Action {
        /** Greet; with Bolt 5.0 and older, authenticate the token inside HELLO too. */
        HELLO,
        /** Authenticate (5.1+). */
        LOGON,
        /** Forget the user (5.1+). */
        LOGOFF,
        /** An auto-commit query. */
        RUN,
        /** A query in the open transaction. */
        RUN_IN_TX,
        BEGIN,
        ROUTE,
        /** Answered with SUCCESS, nothing else (5.4+). */
        TELEMETRY,
        /** Stream the auto-commit result. */
        PULL,
        DISCARD,
        /** Stream a result of the open transaction (by {@code qid}). */
        PULL_IN_TX,
        DISCARD_IN_TX,
        COMMIT,
        ROLLBACK,
        /** Interrupt and clear everything: always accepted, never fails. */
        RESET,
        /** Close the connection, no answer. */
        GOODBYE,
        /** IGNORED: the session failed, or a RESET is on its way. */
        IGNORE,
        /** The open transaction's timeout passed: answer the FAILURE it left, the session fails. */
        TX_TIMED_OUT,
        /** Not allowed in this state: FAILURE {@code Request.Invalid}, then close. */
        INVALID
    }

    /** What the negotiated version changes in the table. */
    record Features(boolean authInHello, boolean telemetry) {
    }

    private final Features features;
    private final Map<State, Map<Message, Action>> table = new EnumMap<>(State.class);

    BoltStateMachine(Features features) {
        this.features = features;
        accept(State.CONNECTED, Message.HELLO, Action.HELLO);
        if (!features.authInHello()) {
            accept(State.AUTHENTICATION, Message.LOGON, Action.LOGON);
            accept(State.READY, Message.LOGOFF, Action.LOGOFF);
        }
        accept(State.READY, Message.RUN, Action.RUN);
        accept(State.READY, Message.BEGIN, Action.BEGIN);
        accept(State.READY, Message.ROUTE, Action.ROUTE);
        if (features.telemetry()) {
            accept(State.READY, Message.TELEMETRY, Action.TELEMETRY);
        }
        accept(State.STREAMING, Message.PULL, Action.PULL);
        accept(State.STREAMING, Message.DISCARD, Action.DISCARD);
        for (State tx : new State[] {State.TX_READY, State.TX_STREAMING}) {
            accept(tx, Message.RUN, Action.RUN_IN_TX);
            accept(tx, Message.PULL, Action.PULL_IN_TX);
            accept(tx, Message.DISCARD, Action.DISCARD_IN_TX);
            accept(tx, Message.COMMIT, Action.COMMIT);
            accept(tx, Message.ROLLBACK, Action.ROLLBACK);
        }
    }

    private void accept(State state, Message message, Action action) {
        table.computeIfAbsent(state, s -> new EnumMap<>(Message.class)).put(message, action);
    }

    Features features() {
        return features;
    }

    /**
     * What to do with {@code message} in {@code state}.
     *
     * @param resetPending a RESET arrived after this request and waits behind it in the queue
     * @param txTimedOut   the open transaction's timeout passed while nothing ran in it
     */
    Action action(State state, Message message, boolean resetPending, boolean txTimedOut) {
        if (message == Message.GOODBYE) {
            return Action.GOODBYE;
        }
        if (message == Message.RESET) {
            return Action.RESET;
        }
        if (resetPending || state == State.INTERRUPTED || state == State.FAILED) {
            return Action.IGNORE;
        }
        if (txTimedOut && (state == State.TX_READY || state == State.TX_STREAMING) && message != Message.ROLLBACK) {
            return Action.TX_TIMED_OUT;
        }
        Map<Message, Action> accepted = table.get(state);
        Action action = accepted == null ? null : accepted.get(message);
        return action != null ? action : Action.INVALID;
    }

    /**
     * The state once {@code action}, taken in {@code state}, was answered with SUCCESS. For PULL and
     * DISCARD the state stays until the result ends ({@link #afterResultsEnded}).
     *
     * @param resetsPending more RESETs wait in the queue (for {@link Action#RESET})
     */
    State afterSuccess(State state, Action action, boolean resetsPending) {
        return switch (action) {
            case HELLO -> features.authInHello() ? State.READY : State.AUTHENTICATION;
            case LOGON, COMMIT, ROLLBACK -> State.READY;
            case LOGOFF -> State.AUTHENTICATION;
            case RUN -> State.STREAMING;
            case RUN_IN_TX -> State.TX_STREAMING;
            case BEGIN -> State.TX_READY;
            case RESET -> state == State.CONNECTED || state == State.AUTHENTICATION ? state
                    : resetsPending ? State.INTERRUPTED : State.READY;
            case GOODBYE, INVALID -> State.DEFUNCT;
            case TX_TIMED_OUT -> State.FAILED;
            case ROUTE, TELEMETRY, PULL, DISCARD, PULL_IN_TX, DISCARD_IN_TX, IGNORE -> state;
        };
    }

    /** The state once the result(s) a streaming state waits on are all consumed or closed. */
    static State afterResultsEnded(State state) {
        return switch (state) {
            case STREAMING -> State.READY;
            case TX_STREAMING -> State.TX_READY;
            default -> state;
        };
    }

    /** The state after a request failed (FAILURE sent, connection kept). */
    static State afterFailure(State state) {
        return state == State.DEFUNCT ? State.DEFUNCT : State.FAILED;
    }
}
