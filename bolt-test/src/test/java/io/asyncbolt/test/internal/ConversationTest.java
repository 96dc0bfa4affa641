package io.asyncbolt.test.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.test.BoltStub;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ReceivedMessage;
import io.asyncbolt.test.ScriptBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The script's blocks, message by message, without a network. */
class ConversationTest {

    private static ReceivedMessage run(String statement) {
        return new ReceivedMessage(MessageKind.RUN, statement, Map.of(), Map.of("mode", "w"), "bolt-1", null);
    }

    private static ReceivedMessage message(MessageKind kind, String tx) {
        return new ReceivedMessage(kind, null, Map.of(), Map.of(), "bolt-1", tx);
    }

    private static Conversation conversation(ScriptBuilder script) {
        return new Conversation(script.build().steps());
    }

    @Test
    void aRepeatedBlockAcceptsItsBoundsAndNoMore() {
        Conversation c = conversation(BoltStub.script().repeat(2, 3, b -> b.expectRun("A")).expectRun("B"));
        c.expect(run("A"));
        assertThatThrownBy(c::verify).hasMessageContaining("the script still expects:\n  RUN \"A\"");
        c.expect(run("A"));
        c.expect(run("A"));
        assertThatThrownBy(() -> c.expect(run("A"))).isInstanceOf(BoltException.class)
                .hasMessageContaining("expected RUN \"B\"");
    }

    @Test
    void anOptionalBlockMaySkipAndTheNextStepStillMatches() {
        Conversation c = conversation(BoltStub.script().optional(b -> b.expectRun("A").expectRun("B")).expectRun("C"));
        c.expect(run("C"));
        assertThatCode(c::verify).doesNotThrowAnyException();
    }

    @Test
    void anyOrderRunsEachMemberOnceAndASequenceMemberInOnePiece() {
        Conversation c = conversation(BoltStub.script().inAnyOrder(b -> b
                .expectRun("A")
                .sequence(s -> s.expectBegin().expectRun("B").expectCommit())));
        c.expect(message(MessageKind.BEGIN, "tx-1"));
        assertThatThrownBy(() -> c.expect(run("A"))).hasMessageContaining("expected RUN \"B\"");
    }

    @Test
    void anyOrderAcceptsEveryPermutation() {
        for (String[] order : new String[][] {{"A", "B", "C"}, {"C", "B", "A"}, {"B", "C", "A"}}) {
            Conversation c = conversation(BoltStub.script()
                    .inAnyOrder(b -> b.expectRun("A").expectRun("B").expectRun("C")));
            for (String statement : order) {
                c.expect(run(statement));
            }
            assertThatCode(c::verify).doesNotThrowAnyException();
        }
    }

    @Test
    void ofAlternativesStartingAlikeTheOneThatFitsTheNextMessageWins() {
        Conversation c = conversation(BoltStub.script().oneOf(
                a -> a.expectRun("A").expectRun("B"),
                a -> a.expectRun("A").expectRun("C")));
        c.expect(run("A"));
        c.expect(run("C"));
        assertThatCode(c::verify).doesNotThrowAnyException();
    }

    @Test
    void ofAlternativesThatWouldAnswerDifferentlyTheFirstOneIsTaken() {
        Conversation c = conversation(BoltStub.script().oneOf(
                a -> a.expectRun("A").returns("x").row(1).expectRun("B"),
                a -> a.expectRun("A").returns("x").row(2).expectRun("C")));
        assertThat(c.expect(run("A")).reply()).isEqualTo(new io.asyncbolt.test.Reply.Records(java.util.List.of("x"),
                java.util.List.of(java.util.List.of(1)), null, null, null));
        assertThatThrownBy(() -> c.expect(run("C"))).hasMessageContaining("expected RUN \"B\"   (ConversationTest.java:");
    }

    @Test
    void theEnginesRollbackOfAFailedTransactionIsNotPartOfTheConversation() {
        Conversation c = conversation(BoltStub.script()
                .expectBegin()
                .expectRun("A").fails("Neo.TransientError.General.TransientError", "again")
                .expectBegin());
        c.expect(message(MessageKind.BEGIN, "tx-1"));
        assertThat(c.expect(new ReceivedMessage(MessageKind.RUN, "A", Map.of(), Map.of(), "bolt-1", "tx-1")).reply())
                .isInstanceOf(io.asyncbolt.test.Reply.Failure.class);
        c.expect(message(MessageKind.BEGIN, "tx-2"));
        assertThat(c.expect(message(MessageKind.ROLLBACK, "tx-1"))).isNull();
        assertThatCode(c::verify).doesNotThrowAnyException();
        assertThat(c.received()).extracting(ReceivedMessage::kind)
                .containsExactly(MessageKind.BEGIN, MessageKind.RUN, MessageKind.BEGIN);
    }

    @Test
    void anExplicitRollbackIsExpectedLikeAnyMessage() {
        Conversation c = conversation(BoltStub.script().expectBegin().expectCommit());
        c.expect(message(MessageKind.BEGIN, "tx-1"));
        assertThatThrownBy(() -> c.expect(message(MessageKind.ROLLBACK, "tx-1")))
                .hasMessageContaining("received ROLLBACK")
                .hasMessageContaining("message: expected COMMIT, received ROLLBACK");
    }

    @Test
    void stepsAddedLaterFollowWhatIsStillExpected() {
        Conversation c = conversation(BoltStub.script().expectRun("A"));
        c.append(BoltStub.script().expectRun("B").build().steps());
        assertThatThrownBy(() -> c.expect(run("B"))).hasMessageContaining("expected RUN \"A\"");
    }
}
