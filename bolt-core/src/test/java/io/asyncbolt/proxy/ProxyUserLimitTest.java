package io.asyncbolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.QueryResult;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.TransientException;

/** The proxy's per-user limit on concurrent queries, seen from the official driver. */
class ProxyUserLimitTest {

    private static final String RESOURCE_EXHAUSTION = "Neo.TransientError.Request.ResourceExhaustion";

    private final BlockingQueue<ProxyAuditListener.Event> audited = new LinkedBlockingQueue<>();
    private BoltServer upstream;
    private BoltProxy proxy;
    private Driver ann;
    private Driver bob;

    @BeforeEach
    void start() {
        upstream = BoltServer.builder().port(0)
                .queryHandler(query -> CompletableFuture.completedFuture(QueryResult.of(List.of("i"),
                        LongStream.rangeClosed(1, 1_000_000).mapToObj(i -> (List<?>) List.of(i)).iterator())))
                .start();
        proxy = BoltProxy.builder("bolt://127.0.0.1:" + upstream.port())
                .upstreamAuth(UpstreamAuth.serviceAccount(io.asyncbolt.client.AuthToken.basic("gateway", "pw"), false))
                .authenticator(token -> new BoltUser(token.principal()))
                .maxConcurrentQueries(user -> user.getName().equals("ann") ? 1 : 0)
                .auditListener(audited::add)
                .port(0)
                .start();
        ann = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.basic("ann", "pw"));
        bob = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.basic("bob", "pw"));
    }

    @AfterEach
    void stop() {
        ann.close();
        bob.close();
        proxy.close();
        upstream.close();
    }

    private static Session streaming(Driver driver) {
        return driver.session(SessionConfig.builder().withFetchSize(10).build());
    }

    private ProxyAuditListener.Event awaitEvent(Predicate<ProxyAuditListener.Event> wanted) throws Exception {
        while (true) {
            ProxyAuditListener.Event event = audited.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("an audit event").isNotNull();
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    @Test
    void aQueryBeyondTheUsersLimitFailsWithATransientCodeWhileOtherUsersRunOn() throws Exception {
        try (Session first = streaming(ann); Session second = streaming(ann); Session other = streaming(bob)) {
            Result open = first.run("UNWIND range(1, 1000000) AS i RETURN i");
            assertThat(open.next().get(0).asLong()).isEqualTo(1);

            assertThatThrownBy(() -> second.run("RETURN 1").consume())
                    .isInstanceOfSatisfying(TransientException.class,
                            e -> assertThat(e.code()).isEqualTo(RESOURCE_EXHAUSTION));
            ProxyAuditListener.Event refused = awaitEvent(e -> e.outcome() == ProxyAuditListener.Outcome.REFUSED);
            assertThat(refused.user()).isEqualTo("ann");
            assertThat(refused.code()).isEqualTo(RESOURCE_EXHAUSTION);

            // bob has no limit: two streams of his at once
            Result bobs = other.run("UNWIND range(1, 1000000) AS i RETURN i");
            assertThat(bobs.next().get(0).asLong()).isEqualTo(1);
            try (Session another = streaming(bob)) {
                assertThat(another.run("RETURN 1").next().get(0).asLong()).isEqualTo(1);
            }

            open.consume();
            assertThat(second.run("RETURN 1").next().get(0).asLong()).isEqualTo(1);
        }
    }

    @Test
    void managedTransactionsRetryUntilTheUsersEarlierQueryHasEnded() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (Session first = streaming(ann); Session second = streaming(ann)) {
            Result open = first.run("UNWIND range(1, 1000000) AS i RETURN i");
            open.next();
            CompletableFuture<Long> retried = CompletableFuture.supplyAsync(() -> second.executeRead(tx -> {
                attempts.incrementAndGet();
                return tx.run("RETURN 1").next().get(0).asLong();
            }));
            ProxyAuditListener.Event refused = awaitEvent(e -> e.outcome() == ProxyAuditListener.Outcome.REFUSED);
            assertThat(refused.inTransaction()).isTrue();
            open.consume();
            assertThat(retried.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(attempts).hasValueGreaterThan(1);
    }

    @Test
    void endedFailedAndCancelledQueriesGiveTheirPlaceBack() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (Session session = streaming(ann)) {
                session.run("UNWIND range(1, 1000000) AS i RETURN i").next(); // left open: discarded at close
            }
            try (Session session = streaming(ann)) {
                assertThat(session.run("RETURN 1").next().get(0).asLong()).isEqualTo(1);
            }
            try (Session session = streaming(ann)) {
                session.executeWrite(tx -> tx.run("RETURN 1").consume());
            }
        }
    }
}
