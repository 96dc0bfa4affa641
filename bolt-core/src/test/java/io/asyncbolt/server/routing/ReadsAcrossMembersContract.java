package io.asyncbolt.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.RoutingTableInfo;
import io.asyncbolt.testing.Await;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code neo4j://} client against three asyncbolt servers that share a routing table (TTL 1 s), seeded with
 * one of them: reads spread over the three, and managed read transactions keep succeeding when one member stops
 * gracefully (it is out of every table within one TTL) or dies abruptly (they retry on the others).
 */
abstract class ReadsAcrossMembersContract {

    private static final Logger log = LoggerFactory.getLogger(ReadsAcrossMembersContract.class);
    private static final Duration TTL = Duration.ofSeconds(1);

    ThreeMembers members;

    /** Opens the client under test with {@code neo4j://<seed>}. */
    abstract void connect(String seed);

    abstract void disconnect();

    /**
     * One managed read transaction ({@code RETURN 1 AS one}) that calls {@code attempted} on each attempt and
     * returns the column {@code server}.
     */
    abstract String read(Runnable attempted);

    @BeforeEach
    void start() throws Exception {
        members = new ThreeMembers(TTL);
        connect(members.address(0));
    }

    @AfterEach
    void stop() {
        disconnect();
        members.close();
    }

    @Test
    void readsSpreadOverTheThreeMembersFromOneSeed() {
        long[] perMember = new long[3];
        for (int i = 0; i < 300; i++) {
            perMember[members.index(read(() -> { }))]++;
        }
        log.info(getClass().getSimpleName() + ": 300 managed reads through neo4j://{}: per member {}", members.address(0), Arrays.toString(perMember));
        assertThat(Arrays.stream(perMember).min().getAsLong()).as("reads per member %s", Arrays.toString(perMember))
                .isGreaterThanOrEqualTo(50);
    }

    @Test
    void aMemberStoppedGracefullyMidLoadLeavesTheTablesWithinOneTtlAndNoTransactionFails() throws Exception {
        int leaving = 1;
        try (ReadLoad load = new ReadLoad(4, () -> this::read)) {
            Await.until("every member serves reads steadily", Duration.ofSeconds(30),
                    () -> Arrays.stream(members.servedCounts()).allMatch(c -> c >= 100));
            long servedAtStart = members.served.get(leaving).get();
            long start = System.nanoTime();
            // what an orchestrator does: mark the instance not ready in discovery, then ask it to stop
            members.markDown(leaving);
            CompletableFuture<Void> stopped = members.servers.get(leaving).shutdown(Duration.ofSeconds(10));
            assertThat(tableFrom(leaving).routers()).as("the leaving member's own table")
                    .doesNotContain(members.address(leaving)).isNotEmpty();
            assertThat(tableFrom(0).readers()).as("a peer's table").doesNotContain(members.address(leaving));
            stopped.get(15, TimeUnit.SECONDS);
            Duration toStop = Duration.ofNanos(System.nanoTime() - start);
            Duration lastRead = Duration.ofNanos(Math.max(0, members.lastServedAt.get(leaving).get() - start));
            long[] atStop = members.servedCounts();
            Await.until("the others keep serving", Duration.ofSeconds(30), () -> members.servedCounts()[0] > atStop[0] + 50
                    && members.servedCounts()[2] > atStop[2] + 50);
            load.close();
            log.info(getClass().getSimpleName() + ": graceful stop of member {}: reads it served after the stop began {}, its last read {} ms after, "
                    + "stopped after {} ms (TTL {} s); {} managed reads, {} retries, {} failed; per member {}", leaving,
                    members.served.get(leaving).get() - servedAtStart, lastRead.toMillis(), toStop.toMillis(),
                    TTL.toSeconds(), load.succeeded.get(), load.retries.get(), load.failures.size(),
                    Arrays.toString(members.servedCounts()));
            assertThat(load.failures).as("failed managed transactions").isEmpty();
            assertThat(lastRead).as("the last read on the leaving member, after the stop began")
                    .isLessThanOrEqualTo(TTL.plusMillis(500));
        }
    }

    @Test
    void aMemberStoppedGracefullyWhileAStaticListStillNamesItFailsNoTransaction() throws Exception {
        int leaving = 1;
        try (ReadLoad load = new ReadLoad(4, () -> this::read)) {
            Await.until("every member serves reads steadily", Duration.ofSeconds(30),
                    () -> Arrays.stream(members.servedCounts()).allMatch(c -> c >= 100));
            // nobody tells the peers: they go on naming the stopped member until drivers find its port closed
            members.servers.get(leaving).shutdown(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
            long[] atStop = members.servedCounts();
            Await.until("the others keep serving", Duration.ofSeconds(30), () -> members.servedCounts()[0] > atStop[0] + 100
                    && members.servedCounts()[2] > atStop[2] + 100);
            load.close();
            log.info(getClass().getSimpleName() + ": graceful stop of member {} with a static list: {} managed reads, "
                    + "{} retries, {} failed; per member {}", leaving, load.succeeded.get(), load.retries.get(),
                    load.failures.size(), Arrays.toString(members.servedCounts()));
            assertThat(load.failures).as("failed managed transactions").isEmpty();
        }
    }

    @Test
    void aMemberKilledAbruptlyMidLoadLeavesManagedTransactionsToRetryOnTheOthers() throws Exception {
        int killed = ThreeMembers.KILLABLE;
        try (ReadLoad load = new ReadLoad(4, () -> this::read)) {
            Await.until("every member serves reads", Duration.ofSeconds(30),
                    () -> Arrays.stream(members.servedCounts()).allMatch(c -> c >= 20));
            long retriesBefore = load.retries.get();
            members.kill(killed); // discovery does not know yet: the peers still advertise it
            // a read the member took just before the cut may still finish there (its answer is lost)
            Await.stable("reads finishing at the killed member", Duration.ofMillis(300), Duration.ofSeconds(10),
                    () -> members.servedCounts()[killed]);
            long[] atKill = members.servedCounts();
            Await.until("the others serve on", Duration.ofSeconds(30), () -> members.servedCounts()[0] > atKill[0] + 100
                    && members.servedCounts()[1] > atKill[1] + 100);
            load.close();
            long retried = load.retries.get() - retriesBefore;
            log.info(getClass().getSimpleName() + ": member {} killed: {} managed reads, {} retried attempts, {} failed; per member {}", killed,
                    load.succeeded.get(), retried, load.failures.size(), Arrays.toString(members.servedCounts()));
            assertThat(load.failures).as("failed managed transactions").isEmpty();
            assertThat(members.servedCounts()[killed]).as("nothing reaches the dead member").isEqualTo(atKill[killed]);
        }
    }

    /** The table member {@code i} hands out, as a fresh asyncbolt client seeded with it sees it. */
    private RoutingTableInfo tableFrom(int i) {
        try (BoltClient client = BoltClient.create("neo4j://" + members.address(i), AuthToken.none())) {
            return client.refreshRoutingTable(null, List.of()).toCompletableFuture().join();
        }
    }
}
