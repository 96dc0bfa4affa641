package io.asyncbolt.spring.boot.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.proxy.ProxyAuditListener;
import io.asyncbolt.proxy.ProxyPolicy;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Bookmark;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application that is a Bolt gateway by configuration alone (plus a policy and an audit bean),
 * used by the official driver: managed transactions retried through it, bookmarks carried both ways.
 */
@SpringBootTest(properties = {"bolt.proxy.enabled=true", "bolt.proxy.auth.username=gateway",
        "bolt.proxy.auth.password=gateway-pw", "bolt.server.port=0",
        "bolt.server.authentication.users[0].name=ann", "bolt.server.authentication.users[0].password={noop}ann-pw"})
class BoltGatewayApplicationTest {

    private static final BlockingQueue<Query> upstreamQueries = new LinkedBlockingQueue<>();
    private static final AtomicInteger commits = new AtomicInteger();
    private static final AtomicInteger flakyAttempts = new AtomicInteger();
    private static final BoltServer upstream = BoltServer.builder().port(0)
            .authenticator(token -> new BoltUser(token.principal()))
            .queryHandler(query -> {
                upstreamQueries.add(query);
                if (query.statement().contains("flaky") && flakyAttempts.incrementAndGet() == 1) {
                    throw new BoltException("Neo.TransientError.Transaction.DeadlockDetected", "try again");
                }
                return CompletableFuture.completedFuture(QueryResult.of(List.of("n"), List.of(List.of(1L))));
            })
            .transactionHandler(new TransactionHandler() {
                @Override
                public CompletionStage<String> commit(Transaction transaction) {
                    return CompletableFuture.completedFuture("bm:" + commits.incrementAndGet());
                }
            })
            .start();

    @DynamicPropertySource
    static void upstream(DynamicPropertyRegistry registry) {
        registry.add("bolt.proxy.uri", () -> "bolt://127.0.0.1:" + upstream.port());
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Gateway {

        static final BlockingQueue<ProxyAuditListener.Event> audited = new LinkedBlockingQueue<>();

        @Bean
        ProxyPolicy tagged() {
            return request -> request.statement() == null ? ProxyPolicy.Decision.allow()
                    : ProxyPolicy.Decision.rewrite("/* via gateway */ " + request.statement(), null);
        }

        @Bean
        ProxyAuditListener collected() {
            return audited::add;
        }
    }

    @LocalBoltServerPort
    int port;

    @Autowired
    BoltProxyLifecycle lifecycle;

    @Test
    void officialDriverThroughTheConfiguredGateway() throws Exception {
        assertThat(lifecycle.getProxy().port()).isEqualTo(port);
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("ann", "ann-pw"))) {
            Set<Bookmark> bookmarks;
            try (Session session = driver.session()) {
                long n = session.executeWrite(tx -> tx.run("CREATE (x:flaky) RETURN 1 AS n").single().get("n").asLong());
                assertThat(n).isEqualTo(1);
                bookmarks = session.lastBookmarks();
            }
            assertThat(bookmarks).extracting(Bookmark::value).containsExactly("bm:1");
            List<Query> seen = List.copyOf(upstreamQueries);
            assertThat(seen).as("the deadlock was retried").hasSize(2)
                    .allSatisfy(q -> {
                        assertThat(q.statement()).isEqualTo("/* via gateway */ CREATE (x:flaky) RETURN 1 AS n");
                        assertThat(q.context().impersonatedUser()).isEqualTo("ann");
                        assertThat(q.context().principal().getName()).isEqualTo("gateway");
                    });
            upstreamQueries.clear();
            try (Session session = driver.session(SessionConfig.builder().withBookmarks(bookmarks).build())) {
                session.run("RETURN 1 AS n").consume();
            }
            assertThat(upstreamQueries.poll(10, TimeUnit.SECONDS).context().bookmarks()).containsExactly("bm:1");
        }
        ProxyAuditListener.Event first = Gateway.audited.poll(10, TimeUnit.SECONDS);
        assertThat(first.outcome()).isEqualTo(ProxyAuditListener.Outcome.FAILED);
        assertThat(first.code()).isEqualTo("Neo.TransientError.Transaction.DeadlockDetected");
        assertThat(first.user()).isEqualTo("ann");
        assertThat(Gateway.audited.poll(10, TimeUnit.SECONDS).outcome()).isEqualTo(ProxyAuditListener.Outcome.SUCCEEDED);
    }
}
