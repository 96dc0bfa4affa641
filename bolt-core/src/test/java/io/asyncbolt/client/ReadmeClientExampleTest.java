package io.asyncbolt.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.testing.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** README's client example, as written there (addresses aside), against an asyncbolt server. */
@ExtendWith(LeakCheck.class)
class ReadmeClientExampleTest {

    /** Stands for the application's secret store. */
    interface Vault {
        CompletionStage<String> currentPassword();
    }

    @Test
    void theReadmeExampleRuns() {
        List<String> self = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (BoltServer server = BoltServer.builder().port(0)
                .routing((db, ctx, context) -> new RoutingTable(Duration.ofMinutes(1), self, self, self))
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("name", "Ada"))))
                .start()) {
            self.add("127.0.0.1:" + server.port());
            Vault vault = () -> CompletableFuture.completedFuture("secret");
            String db1 = self.get(0);

            ClientConfig config = ClientConfig.builder()
                    .notificationConfig(new NotificationConfig("WARNING", Set.of("HINT")))
                    .resolver(address -> List.of(db1))
                    .build();
            AuthTokenManager passwords = AuthTokenManager.basic(() -> vault.currentPassword()
                    .thenApply(p -> AuthToken.basic("neo4j", p)));
            try (BoltClient client = BoltClient.create("neo4j://db:7687", passwords, config)) {
                EagerResult result = client.executeQuery("MATCH (p:Person) RETURN p.name AS name", Map.of())
                        .toCompletableFuture().join();
                ResultSummary summary = result.summary();
                assertThat(summary.gqlStatusObjects()).extracting(GqlStatusObject::gqlStatus).contains("00000");
                assertThat(result.records()).singleElement().satisfies(r -> assertThat(r.getString("name"))
                        .isEqualTo("Ada"));

                BookmarkManager shared = BookmarkManager.create();
                try (BoltSession session = client.session(SessionConfig.forDatabase("movies")
                        .withBookmarkManager(shared).withAuth(AuthToken.basic("alice", "pw")))) {
                    List<Record> movies = session.executeRead(tx -> tx.run("MATCH (m:Movie) RETURN m")
                            .thenCompose(ResultCursor::listAsync), new TransactionConfig(Duration.ofSeconds(5), Map.of()))
                            .toCompletableFuture().join();
                    assertThat(movies).hasSize(1);
                }
                client.verifyConnectivity().toCompletableFuture().join();
            }
        }
    }
}
