package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltStateMachine.Action;
import io.asyncbolt.server.BoltStateMachine.Features;
import io.asyncbolt.server.BoltStateMachine.Message;
import io.asyncbolt.server.BoltStateMachine.State;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The session state table on its own: no sockets, no channel, no handlers. */
class BoltStateMachineTest {

    /** Bolt 5.1 to 5.3: LOGON/LOGOFF, no TELEMETRY. */
    private final BoltStateMachine v51 = new BoltStateMachine(new Features(false, false));
    /** Bolt 4.4 and 5.0: the credentials in HELLO, no LOGON. */
    private final BoltStateMachine v50 = new BoltStateMachine(new Features(true, false));
    /** Bolt 5.4 and later. */
    private final BoltStateMachine v54 = new BoltStateMachine(new Features(false, true));

    @Test
    void aSessionGoesFromHelloThroughLogonToReady() {
        State s = State.CONNECTED;
        Action hello = v51.action(s, Message.HELLO, false, false);
        assertThat(hello).isEqualTo(Action.HELLO);
        s = v51.afterSuccess(s, hello, false);
        assertThat(s).isEqualTo(State.AUTHENTICATION);
        Action logon = v51.action(s, Message.LOGON, false, false);
        assertThat(logon).isEqualTo(Action.LOGON);
        assertThat(v51.afterSuccess(s, logon, false)).isEqualTo(State.READY);
    }

    @Test
    void withCredentialsInHelloTheSessionIsReadyAfterHelloAndLogonIsInvalid() {
        assertThat(v50.afterSuccess(State.CONNECTED, Action.HELLO, false)).isEqualTo(State.READY);
        assertThat(v50.action(State.AUTHENTICATION, Message.LOGON, false, false)).isEqualTo(Action.INVALID);
        assertThat(v50.action(State.READY, Message.LOGOFF, false, false)).isEqualTo(Action.INVALID);
    }

    @Test
    void anAutoCommitQueryStreamsUntilItsResultEnds() {
        assertThat(v54.action(State.READY, Message.RUN, false, false)).isEqualTo(Action.RUN);
        assertThat(v54.afterSuccess(State.READY, Action.RUN, false)).isEqualTo(State.STREAMING);
        assertThat(v54.action(State.STREAMING, Message.PULL, false, false)).isEqualTo(Action.PULL);
        assertThat(v54.action(State.STREAMING, Message.DISCARD, false, false)).isEqualTo(Action.DISCARD);
        assertThat(v54.afterSuccess(State.STREAMING, Action.PULL, false)).as("has_more").isEqualTo(State.STREAMING);
        assertThat(BoltStateMachine.afterResultsEnded(State.STREAMING)).isEqualTo(State.READY);
        assertThat(v54.action(State.STREAMING, Message.RUN, false, false)).as("one result at a time outside a transaction")
                .isEqualTo(Action.INVALID);
    }

    @Test
    void aTransactionRunsQueriesAndEndsWithCommitOrRollback() {
        assertThat(v54.afterSuccess(State.READY, Action.BEGIN, false)).isEqualTo(State.TX_READY);
        for (State tx : EnumSet.of(State.TX_READY, State.TX_STREAMING)) {
            assertThat(v54.action(tx, Message.RUN, false, false)).isEqualTo(Action.RUN_IN_TX);
            assertThat(v54.action(tx, Message.PULL, false, false)).isEqualTo(Action.PULL_IN_TX);
            assertThat(v54.action(tx, Message.DISCARD, false, false)).isEqualTo(Action.DISCARD_IN_TX);
            assertThat(v54.action(tx, Message.COMMIT, false, false)).isEqualTo(Action.COMMIT);
            assertThat(v54.action(tx, Message.ROLLBACK, false, false)).isEqualTo(Action.ROLLBACK);
            assertThat(v54.action(tx, Message.BEGIN, false, false)).as("no nested transaction").isEqualTo(Action.INVALID);
            assertThat(v54.afterSuccess(tx, Action.COMMIT, false)).isEqualTo(State.READY);
        }
        assertThat(v54.afterSuccess(State.TX_READY, Action.RUN_IN_TX, false)).isEqualTo(State.TX_STREAMING);
        assertThat(BoltStateMachine.afterResultsEnded(State.TX_STREAMING)).isEqualTo(State.TX_READY);
    }

    @Test
    void aTimedOutTransactionFailsEverythingButRollback() {
        assertThat(v54.action(State.TX_READY, Message.RUN, false, true)).isEqualTo(Action.TX_TIMED_OUT);
        assertThat(v54.action(State.TX_STREAMING, Message.COMMIT, false, true)).isEqualTo(Action.TX_TIMED_OUT);
        assertThat(v54.action(State.TX_READY, Message.ROLLBACK, false, true)).isEqualTo(Action.ROLLBACK);
        assertThat(v54.afterSuccess(State.TX_READY, Action.TX_TIMED_OUT, false)).isEqualTo(State.FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"FAILED", "INTERRUPTED"})
    void afterAFailureOrAnInterruptEverythingButResetAndGoodbyeIsIgnored(State state) {
        for (Message m : Message.values()) {
            Action expected = m == Message.RESET ? Action.RESET : m == Message.GOODBYE ? Action.GOODBYE : Action.IGNORE;
            assertThat(v54.action(state, m, false, false)).as(m.name()).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = "DEFUNCT", mode = EnumSource.Mode.EXCLUDE)
    void resetIsAcceptedEverywhereAndLeadsToReadyOnceAuthenticated(State state) {
        assertThat(v54.action(state, Message.RESET, false, false)).isEqualTo(Action.RESET);
        State expected = state == State.CONNECTED || state == State.AUTHENTICATION ? state : State.READY;
        assertThat(v54.afterSuccess(state, Action.RESET, false)).isEqualTo(expected);
    }

    @Test
    void aRequestWithAResetBehindItIsIgnoredAndTheFirstOfTwoResetsInterrupts() {
        assertThat(v54.action(State.READY, Message.RUN, true, false)).isEqualTo(Action.IGNORE);
        assertThat(v54.afterSuccess(State.STREAMING, Action.RESET, true)).isEqualTo(State.INTERRUPTED);
    }

    @Test
    void telemetryNeedsBolt54() {
        assertThat(v54.action(State.READY, Message.TELEMETRY, false, false)).isEqualTo(Action.TELEMETRY);
        assertThat(v51.action(State.READY, Message.TELEMETRY, false, false)).isEqualTo(Action.INVALID);
    }

    @Test
    void beforeAuthenticationOnlyTheGreetingIsAccepted() {
        Set<Message> allowed = EnumSet.of(Message.HELLO, Message.RESET, Message.GOODBYE);
        for (Message m : Message.values()) {
            Action a = v54.action(State.CONNECTED, m, false, false);
            assertThat(a == Action.INVALID).as(m.name()).isEqualTo(!allowed.contains(m));
        }
        assertThat(v54.action(State.AUTHENTICATION, Message.RUN, false, false)).isEqualTo(Action.INVALID);
        assertThat(v54.action(State.READY, Message.HELLO, false, false)).as("a second HELLO").isEqualTo(Action.INVALID);
    }

    @Test
    void aFailureLeadsToFailedAndGoodbyeToDefunct() {
        assertThat(BoltStateMachine.afterFailure(State.TX_STREAMING)).isEqualTo(State.FAILED);
        assertThat(v54.afterSuccess(State.READY, Action.GOODBYE, false)).isEqualTo(State.DEFUNCT);
    }
}
