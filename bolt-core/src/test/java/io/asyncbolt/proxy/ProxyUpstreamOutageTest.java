package io.asyncbolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.neo4j.Neo4jProcess;
import io.asyncbolt.server.BoltUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.RetryableException;

/** A Neo4j 5.26 of its own, stopped under a stream and started again, behind a {@link BoltProxy}. */
class ProxyUpstreamOutageTest {

    private static Neo4jProcess neo4j;
    private static BoltProxy proxy;
    private static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Neo4jProcess.available(),
                "neo4j-harness's class path is resolved by the bolt-test-tools/neo4j module of a full build");
        neo4j = Neo4jProcess.start(0);
        proxy = BoltProxy.builder(neo4j.boltUri())
                .upstreamAuth(UpstreamAuth.serviceAccount(
                        io.asyncbolt.client.AuthToken.basic(Neo4jProcess.USER, Neo4jProcess.PASSWORD), false))
                .authenticator(token -> new BoltUser(token.principal()))
                .port(0)
                .start();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.basic("ann", "pw"));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {driver, proxy, neo4j}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing anyway
            }
        }
    }

    @Test
    void neo4jStoppedMidStreamFailsTheStreamRetryablyAndTheProxyServesAgainOnceItIsBack() throws Exception {
        try (Session session = driver.session(SessionConfig.builder().withFetchSize(100).build())) {
            Result rows = session.run("UNWIND range(1, 10000000) AS i RETURN i");
            assertThat(rows.next().get("i").asLong()).isEqualTo(1);
            neo4j.stop();
            assertThatThrownBy(() -> {
                while (rows.hasNext()) {
                    rows.next();
                }
            }).isInstanceOfSatisfying(Neo4jException.class, e -> {
                assertThat(e).as("%s %s", e.code(), e.getMessage()).isInstanceOf(RetryableException.class);
                assertThat(e.code()).isEqualTo("Neo.TransientError.General.DatabaseUnavailable");
            });
        }
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETURN 1").consume())
                    .as("while Neo4j is down the proxy answers, with a code drivers retry")
                    .isInstanceOf(RetryableException.class);
        }
        neo4j.restart();
        try (Session session = driver.session()) {
            // managed: a pooled upstream connection from before may still have to be found dead
            long one = session.executeRead(tx -> tx.run("RETURN 1 AS one").single().get("one").asLong());
            assertThat(one).isEqualTo(1);
        }
    }
}
