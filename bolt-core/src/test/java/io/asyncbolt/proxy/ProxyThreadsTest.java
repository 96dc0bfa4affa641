package io.asyncbolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** The proxy's network threads: one set for both sides, a statement kept on its connection's thread. */
class ProxyThreadsTest {

    private BoltServer upstream;

    @AfterEach
    void stop() {
        if (upstream != null) {
            upstream.close();
        }
    }

    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).collect(Collectors.toList());
    }

    @Test
    void withANonBlockingPolicyEachStatementIsDecidedForwardedAndAuditedOnItsDownstreamConnectionsThread()
            throws Exception {
        upstream = BoltServer.builder().port(0)
                .queryHandler(query -> CompletableFuture.completedFuture(
                        QueryResult.of(List.of("i"), List.<List<?>>of(List.of(1L), List.of(2L)).iterator())))
                .start();
        Map<String, String> decidedOn = new ConcurrentHashMap<>();
        Map<String, String> auditedOn = new ConcurrentHashMap<>();
        ProxyPolicy recording = ProxyPolicy.nonBlocking(request -> {
            decidedOn.put(request.statement(), Thread.currentThread().getName());
            return ProxyPolicy.Decision.allow();
        });
        List<String> clientThreadsBefore = liveThreads("asyncbolt-client");
        int connections = 6;
        int statementsEach = 3;
        try (BoltProxy gateway = BoltProxy.builder("bolt://127.0.0.1:" + upstream.port())
                .upstreamAuth(UpstreamAuth.serviceAccount(io.asyncbolt.client.AuthToken.basic("gateway", "pw"), false))
                .authenticator(token -> new BoltUser(token.principal()))
                .policy(recording)
                .auditListener(event -> auditedOn.put(event.statement(), Thread.currentThread().getName()))
                .port(0).start()) {
            List<Driver> drivers = new ArrayList<>();
            List<Session> sessions = new ArrayList<>();
            try {
                for (int d = 0; d < connections; d++) { // one connection each, open at once: spread over the threads
                    Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + gateway.port(), AuthTokens.basic("ann", "pw"));
                    drivers.add(driver);
                    sessions.add(driver.session());
                }
                for (int round = 0; round < statementsEach; round++) {
                    for (int d = 0; d < connections; d++) {
                        assertThat(sessions.get(d).run("UNWIND [1, 2] AS i RETURN i // " + d + "." + round).list())
                                .hasSize(2);
                    }
                }
            } finally {
                sessions.forEach(Session::close);
                drivers.forEach(Driver::close);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (auditedOn.size() < connections * statementsEach && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(auditedOn).hasSize(connections * statementsEach);
            assertThat(decidedOn.values()).allMatch(name -> name.startsWith(BoltProxy.THREAD_PREFIX));
            assertThat(auditedOn).as("each statement answered on the thread that forwarded it")
                    .containsExactlyInAnyOrderEntriesOf(decidedOn);
            assertThat(liveThreads("asyncbolt-client")).as("the upstream client has no threads of its own")
                    .isSubsetOf(clientThreadsBefore);
        }
        assertThat(liveThreads(BoltProxy.THREAD_PREFIX)).as("threads left by the closed proxy").isEmpty();
    }
}
