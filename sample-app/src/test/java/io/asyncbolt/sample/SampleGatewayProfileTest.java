package io.asyncbolt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.spring.boot.proxy.BoltProxyLifecycle;
import io.asyncbolt.spring.boot.server.BoltServerLifecycle;
import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample's {@code gateway} profile: the same application, by configuration a gateway to another Bolt server. */
@SpringBootTest
@ActiveProfiles("gateway")
class SampleGatewayProfileTest {

    private static final BlockingQueue<Query> upstreamQueries = new LinkedBlockingQueue<>();
    private static final BoltServer upstream = BoltServer.builder().port(0)
            .authenticator(token -> new BoltUser(token.principal()))
            .queryHandler(query -> {
                upstreamQueries.add(query);
                if (query.statement().contains(":Book")) { // CatalogueReport at startup: an empty shelf
                    return CompletableFuture.completedFuture(QueryResult.of(List.of("b"), List.<List<?>>of()));
                }
                return CompletableFuture.completedFuture(QueryResult.of(List.of("answer"), List.of(List.of(42L))));
            })
            .start();

    private static final int GATEWAY_PORT = freePort(); // the sample's own BoltTemplate asks it (bolt.client.uri)

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("bolt.server.port", () -> GATEWAY_PORT);
        registry.add("NEO4J_URI", () -> "bolt://127.0.0.1:" + upstream.port());
        registry.add("NEO4J_USERNAME", () -> "gateway");
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @LocalBoltServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void driversReachTheUpstreamThroughTheSampleRunningAsAGateway() {
        assertThat(context.getBeanNamesForType(BoltProxyLifecycle.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(BoltServerLifecycle.class)).isEmpty();
        upstreamQueries.clear(); // CatalogueReport asked at startup
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("neo4j", "secret"));
                Session session = driver.session()) {
            assertThat(session.run("MATCH (a) RETURN 42 AS answer").single().get("answer").asLong()).isEqualTo(42);
        }
        Query seen = upstreamQueries.poll();
        assertThat(seen.context().principal().getName()).isEqualTo("gateway");
        assertThat(seen.context().accessMode()).as("the reader role is read-only")
                .isEqualTo(io.asyncbolt.server.AccessMode.READ);
    }
}
