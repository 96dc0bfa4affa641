package io.asyncbolt.server;

import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.server.BoltStateMachine.Action;
import io.asyncbolt.server.BoltStateMachine.State;

/**
 * The state one connection's session is in, moved along by {@link BoltStateMachine}'s table: the parts of
 * the connection report what happened (a success, a failure, the end of the results), this decides the
 * next state. Used on the event loop only.
 */
final class SessionState {

    private final BoltStateMachine machine;
    private State state = State.CONNECTED;

    SessionState(BoltStateMachine machine) {
        this.machine = machine;
    }

    State current() {
        return state;
    }

    boolean defunct() {
        return state == State.DEFUNCT;
    }

    /** What to do with {@code request} now (see {@link BoltStateMachine#action}). */
    Action action(Request request, boolean resetPending, boolean txTimedOut) {
        return machine.action(state, BoltStateMachine.Message.of(request), resetPending, txTimedOut);
    }

    /** {@code action} was answered with SUCCESS. */
    void succeeded(Action action) {
        state = machine.afterSuccess(state, action, false);
    }

    /** A RESET was answered; {@code resetsPending}: more of them wait in the queue. */
    void reset(boolean resetsPending) {
        state = machine.afterSuccess(state, Action.RESET, resetsPending);
    }

    /** A request failed; the connection stays. */
    void failed() {
        state = BoltStateMachine.afterFailure(state);
    }

    /** The connection goes: nothing more is read nor answered. */
    void end() {
        state = State.DEFUNCT;
    }

    /** Every result that {@code streaming} waits on ended: the session leaves it. */
    void resultsEnded(State streaming) {
        if (state == streaming) {
            state = BoltStateMachine.afterResultsEnded(state);
        }
    }
}
