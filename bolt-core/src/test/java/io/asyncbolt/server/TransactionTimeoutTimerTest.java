package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction begun with an hour-long {@code tx_timeout} leaves no timer on the connection's event loop
 * once it ends, however it ends: a live timer would hold the transaction, the connection and everything
 * they reach until the hour is over (100,000 BEGIN/COMMIT pairs left 100,000 of them in the heap).
 */
class TransactionTimeoutTimerTest {

    private static final Map<String, Object> ONE_HOUR = Map.of("tx_timeout", Duration.ofHours(1).toMillis());
    private static BoltServer server;

    @BeforeAll
    static void start() {
        // no authentication timeout and no keep-alive: the only timer a connection can have is the transaction's
        server = BoltServer.builder().port(0).directExecutor().authTimeout(Duration.ZERO)
                .recvTimeoutHint(Duration.ZERO)
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true))))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static EmbeddedBoltConnection inTransaction() {
        EmbeddedBoltConnection c = new EmbeddedBoltConnection(server, BoltVersion.V5_8);
        List<BoltMessage> answers = c.exchange(new HelloMessage(Map.of("user_agent", "test/1"), null),
                new LogonMessage(Map.of("scheme", "none")), new BeginMessage(ONE_HOUR));
        assertThat(answers).hasSize(3).allMatch(SuccessMessage.class::isInstance);
        assertThat(c.nextScheduledTaskNanos()).as("the transaction's timeout is scheduled").isPositive();
        return c;
    }

    @Test
    void aCommittedTransactionLeavesNoTimeoutTimer() {
        try (EmbeddedBoltConnection c = inTransaction()) {
            assertThat(c.exchange(CommitMessage.INSTANCE)).singleElement().isInstanceOf(SuccessMessage.class);
            assertThat(c.nextScheduledTaskNanos()).as("timers left after COMMIT").isEqualTo(-1);
        }
    }

    @Test
    void aRolledBackTransactionLeavesNoTimeoutTimer() {
        try (EmbeddedBoltConnection c = inTransaction()) {
            assertThat(c.exchange(RollbackMessage.INSTANCE)).singleElement().isInstanceOf(SuccessMessage.class);
            assertThat(c.nextScheduledTaskNanos()).as("timers left after ROLLBACK").isEqualTo(-1);
        }
    }

    @Test
    void aResetTransactionLeavesNoTimeoutTimer() {
        try (EmbeddedBoltConnection c = inTransaction()) {
            assertThat(c.exchange(ResetMessage.INSTANCE)).singleElement().isInstanceOf(SuccessMessage.class);
            assertThat(c.nextScheduledTaskNanos()).as("timers left after RESET").isEqualTo(-1);
        }
    }

    @Test
    void aConnectionClosedMidTransactionLeavesNoTimeoutTimer() {
        try (EmbeddedBoltConnection c = inTransaction()) {
            // the event of a peer gone (EmbeddedChannel's own close() would cancel every timer itself, which a
            // real event loop does not)
            c.channel.pipeline().fireChannelInactive();
            c.answers();
            assertThat(c.nextScheduledTaskNanos()).as("timers left after the connection closed").isEqualTo(-1);
        }
    }
}
