package io.asyncbolt.client;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.testing.LeakCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the client tests against {@link ScriptedServer}s share: servers and clients closed after each test. */
@ExtendWith(LeakCheck.class)
abstract class ScriptedClientTests {

    final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    ScriptedServer server(BoltVersion version, ScriptedServer.Script script) {
        ScriptedServer server = new ScriptedServer(version, script);
        resources.add(server);
        return server;
    }

    BoltClient client(String uri, ClientConfig config) {
        BoltClient client = BoltClient.create(uri, AuthToken.basic("neo4j", "pass"), config);
        resources.add(client);
        return client;
    }

    static <T> T await(CompletionStage<T> stage) {
        return BlockingSession.await(stage);
    }

    /** The error {@code stage} fails with (within 10 s); fails the test when it succeeds. */
    static Throwable failureOf(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no failure but " + e, e);
        }
        throw new AssertionError("the stage succeeded");
    }
}
