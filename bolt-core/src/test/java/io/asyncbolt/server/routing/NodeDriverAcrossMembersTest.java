package io.asyncbolt.server.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.peers.NodeDriverRunner;
import io.asyncbolt.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The npm {@code neo4j-driver} with {@code neo4j://} against three asyncbolt servers that share a routing table
 * (TTL 1 s): it spreads its managed reads over the three and fails none when one member stops gracefully or dies.
 */
class NodeDriverAcrossMembersTest {

    private static final Logger log = LoggerFactory.getLogger(NodeDriverAcrossMembersTest.class);

    private ThreeMembers members;
    private Path stopFile;

    @BeforeEach
    void start() throws Exception {
        members = new ThreeMembers(Duration.ofSeconds(1));
        stopFile = Files.createTempDirectory("node-load").resolve("stop");
    }

    @AfterEach
    void stop() throws Exception {
        Files.deleteIfExists(stopFile);
        Files.deleteIfExists(stopFile.getParent());
        members.close();
    }

    private JsonNode readLoad(Map<String, Object> load) throws Exception {
        Map<String, Object> step = new java.util.HashMap<>(Map.of("readLoad", "RETURN 1 AS one", "column", "server",
                "database", "neo4j"));
        step.putAll(load);
        return NodeDriverRunner.run(Map.of("url", "neo4j://" + members.address(0), "steps", List.of(step))).get(0);
    }

    private CompletableFuture<JsonNode> readUntilStopped() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readLoad(Map.of("stopFile", stopFile.toString(), "concurrency", 4));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    @Test
    void readsSpreadOverTheThreeMembersFromOneSeed() throws Exception {
        JsonNode result = readLoad(Map.of("count", 300));
        log.info("npm driver: 300 managed reads through one seed: per member {}, {} failed", result.get("counts"),
                result.get("failures"));
        assertThat(result.get("failures").asInt()).as("%s", result).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(result.get("counts").path("member-" + i).asInt()).as("reads on member %s: %s", i, result)
                    .isGreaterThanOrEqualTo(50);
        }
    }

    @Test
    void aMemberStoppedGracefullyMidLoadFailsNoManagedTransaction() throws Exception {
        CompletableFuture<JsonNode> load = readUntilStopped();
        Await.until("every member serves reads steadily", Duration.ofSeconds(60),
                () -> Arrays.stream(members.servedCounts()).allMatch(c -> c >= 100));
        long servedAtStart = members.served.get(1).get();
        long start = System.nanoTime();
        members.markDown(1);
        members.servers.get(1).shutdown(Duration.ofSeconds(10)).get(15, TimeUnit.SECONDS);
        Duration toStop = Duration.ofNanos(System.nanoTime() - start);
        Duration lastRead = Duration.ofNanos(Math.max(0, members.lastServedAt.get(1).get() - start));
        long[] atStop = members.servedCounts();
        Await.until("the others keep serving", Duration.ofSeconds(30),
                () -> members.servedCounts()[0] > atStop[0] + 100 && members.servedCounts()[2] > atStop[2] + 100);
        Files.createFile(stopFile);
        JsonNode result = load.get(60, TimeUnit.SECONDS);
        log.info("npm driver: graceful stop of member 1: reads it served after the stop began {}, its last read {} ms "
                + "after, stopped after {} ms; per member {}, {} failed {}", members.served.get(1).get() - servedAtStart,
                lastRead.toMillis(), toStop.toMillis(), result.get("counts"), result.get("failures"), result.get("errors"));
        assertThat(result.get("failures").asInt()).as("failed managed transactions: %s", result).isZero();
        assertThat(lastRead).isLessThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aMemberKilledAbruptlyMidLoadLeavesManagedTransactionsToRetryOnTheOthers() throws Exception {
        CompletableFuture<JsonNode> load = readUntilStopped();
        Await.until("every member serves reads", Duration.ofSeconds(60),
                () -> Arrays.stream(members.servedCounts()).allMatch(c -> c >= 20));
        members.kill(ThreeMembers.KILLABLE);
        long[] atKill = members.servedCounts();
        Await.until("the others serve on", Duration.ofSeconds(30),
                () -> members.servedCounts()[0] > atKill[0] + 100 && members.servedCounts()[1] > atKill[1] + 100);
        Files.createFile(stopFile);
        JsonNode result = load.get(60, TimeUnit.SECONDS);
        log.info("npm driver: member 2 killed: per member {}, {} failed {}", result.get("counts"), result.get("failures"),
                result.get("errors"));
        assertThat(result.get("failures").asInt()).as("failed managed transactions: %s", result).isZero();
        assertThat(members.servedCounts()[ThreeMembers.KILLABLE]).isEqualTo(atKill[ThreeMembers.KILLABLE]);
    }
}
