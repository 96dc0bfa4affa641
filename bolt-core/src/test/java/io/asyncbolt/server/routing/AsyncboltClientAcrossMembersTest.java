package io.asyncbolt.server.routing;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.BoltSession;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.SessionConfig;
import java.time.Duration;
import java.util.Map;

/** The asyncbolt client's own routing against three members. */
class AsyncboltClientAcrossMembersTest extends ReadsAcrossMembersContract {

    private BoltClient client;

    @Override
    void connect(String seed) {
        client = BoltClient.create("neo4j://" + seed, AuthToken.none(),
                ClientConfig.builder().maxRetryTime(Duration.ofSeconds(30)).build());
    }

    @Override
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    String read(Runnable attempted) {
        try (BoltSession session = client.session(SessionConfig.forDatabase("neo4j"))) {
            return session.executeRead(tx -> {
                attempted.run();
                return tx.run("RETURN 1 AS one", Map.of()).thenCompose(ResultCursor::singleAsync);
            }).toCompletableFuture().join().get("server").toString();
        }
    }
}
