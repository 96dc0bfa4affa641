package io.asyncbolt.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.AccessMode;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
import org.neo4j.driver.exceptions.Neo4jException;

/** The proxy's policy hook and audit listener, seen from the official driver and a scripted upstream. */
class ProxyPolicyAndAuditTest {

    private final BlockingQueue<Query> upstreamQueries = new LinkedBlockingQueue<>();
    private final BlockingQueue<AccessMode> upstreamBegins = new LinkedBlockingQueue<>();
    private final BlockingQueue<ProxyAuditListener.Event> audited = new LinkedBlockingQueue<>();
    private BoltServer upstream;
    private BoltProxy proxy;

    @BeforeEach
    void start() {
        upstream = BoltServer.builder().port(0)
                .queryHandler(query -> {
                    upstreamQueries.add(query);
                    if (query.normalizedStatement().startsWith("RETRUN")) {
                        throw BoltException.syntaxError("Invalid input 'RETRUN'");
                    }
                    return CompletableFuture.completedFuture(QueryResult.of(List.of("i"),
                            LongStream.rangeClosed(1, 1_000_000).mapToObj(i -> (List<?>) List.of(i)).iterator()));
                })
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletionStage<Void> begin(Transaction tx) {
                        upstreamBegins.add(tx.context().accessMode());
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .start();
        ProxyPolicy noDeletes = request -> request.statement() != null && request.statement().contains("DELETE")
                ? ProxyPolicy.Decision.refuse("Neo.ClientError.Security.Forbidden", "No deleting through the gateway")
                : ProxyPolicy.Decision.allow();
        ProxyPolicy limited = request -> request.statement() != null && request.statement().equals("MATCH (n) RETURN n")
                ? ProxyPolicy.Decision.rewrite("MATCH (n) RETURN n LIMIT $limit", Map.of("limit", 3L))
                : ProxyPolicy.Decision.allow();
        proxy = BoltProxy.builder("bolt://127.0.0.1:" + upstream.port())
                .upstreamAuth(UpstreamAuth.serviceAccount(io.asyncbolt.client.AuthToken.basic("gateway", "pw"), false))
                .authenticator(token -> new BoltUser(token.principal(),
                        token.principal().startsWith("reader") ? List.of("reader") : List.of()))
                .policy(noDeletes.andThen(limited)
                        .andThen(ProxyPolicy.readOnlyUsers(user -> ((BoltUser) user).roles().contains("reader"))))
                .auditListener(audited::add)
                .port(0)
                .start();
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
    }

    private Driver driver(String user) {
        return GraphDatabase.driver("bolt://127.0.0.1:" + proxy.port(), AuthTokens.basic(user, "pw"));
    }

    private ProxyAuditListener.Event nextAuditEvent() throws InterruptedException {
        ProxyAuditListener.Event event = audited.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an audit event").isNotNull();
        return event;
    }

    @Test
    void refusedStatementFailsWithThePolicysCodeAndNeverReachesTheUpstream() throws Exception {
        try (Driver driver = driver("mallory"); Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("MATCH (n) DETACH DELETE n").consume())
                    .isInstanceOfSatisfying(Neo4jException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Security.Forbidden");
                        assertThat(e.getMessage()).isEqualTo("No deleting through the gateway");
                    });
        }
        assertThat(upstreamQueries).isEmpty();
        ProxyAuditListener.Event event = nextAuditEvent();
        assertThat(event.user()).isEqualTo("mallory");
        assertThat(event.outcome()).isEqualTo(ProxyAuditListener.Outcome.REFUSED);
        assertThat(event.code()).isEqualTo("Neo.ClientError.Security.Forbidden");
        assertThat(event.statement()).isEqualTo("MATCH (n) DETACH DELETE n");
    }

    @Test
    void aTransactionThePolicyRefusesAtBeginIsAuditedAndNeverReachesTheUpstream() throws Exception {
        ProxyPolicy noWriteTransactions = request -> request.statement() == null && request.mode() == AccessMode.WRITE
                ? ProxyPolicy.Decision.refuse("Neo.ClientError.Security.Forbidden", "Read transactions only")
                : ProxyPolicy.Decision.allow();
        try (BoltProxy strict = BoltProxy.builder("bolt://127.0.0.1:" + upstream.port())
                .upstreamAuth(UpstreamAuth.serviceAccount(io.asyncbolt.client.AuthToken.basic("gateway", "pw"), false))
                .authenticator(token -> new BoltUser(token.principal()))
                .policy(noWriteTransactions).auditListener(audited::add).port(0).start();
                Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + strict.port(), AuthTokens.basic("wes", "pw"));
                Session session = driver.session()) {
            assertThatThrownBy(() -> session.executeWrite(tx -> tx.run("RETURN 1").consume()))
                    .isInstanceOfSatisfying(Neo4jException.class,
                            e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Security.Forbidden"));
            assertThat(session.executeRead(tx -> tx.run("RETURN 1").list()).size()).isEqualTo(1);
        }
        assertThat(upstreamBegins.poll(10, TimeUnit.SECONDS)).isEqualTo(AccessMode.READ);
        assertThat(upstreamBegins).isEmpty();
        ProxyAuditListener.Event refused = nextAuditEvent();
        assertThat(refused.user()).isEqualTo("wes");
        assertThat(refused.outcome()).isEqualTo(ProxyAuditListener.Outcome.REFUSED);
        assertThat(refused.code()).isEqualTo("Neo.ClientError.Security.Forbidden");
        assertThat(refused.statement()).isNull();
        assertThat(refused.inTransaction()).isTrue();
        assertThat(refused.mode()).isEqualTo(AccessMode.WRITE);
        assertThat(nextAuditEvent().outcome()).isEqualTo(ProxyAuditListener.Outcome.SUCCEEDED);
    }

    @Test
    void aNonBlockingPolicyIsAskedOnTheNetworkThreadAndAnyOtherOnTheHandlerExecutor() throws Exception {
        BlockingQueue<String> threads = new LinkedBlockingQueue<>();
        ProxyPolicy recording = request -> {
            threads.add(Thread.currentThread().getName());
            return ProxyPolicy.Decision.allow();
        };
        for (ProxyPolicy policy : List.of(recording, ProxyPolicy.nonBlocking(recording),
                ProxyPolicy.nonBlocking(recording).andThen(ProxyPolicy.ALLOW_ALL), recording.andThen(ProxyPolicy.ALLOW_ALL))) {
            try (BoltProxy gateway = BoltProxy.builder("bolt://127.0.0.1:" + upstream.port())
                    .upstreamAuth(UpstreamAuth.serviceAccount(io.asyncbolt.client.AuthToken.basic("gateway", "pw"), false))
                    .authenticator(token -> new BoltUser(token.principal()))
                    .policy(policy).port(0).start();
                    Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + gateway.port(), AuthTokens.basic("ann", "pw"));
                    Session session = driver.session()) {
                // the upstream answers RETURN 1 itself (a connectivity check); the policy is asked all the same
                assertThat(session.run("RETURN 1").list()).hasSize(1);
                List<org.neo4j.driver.Record> inTransaction = session.executeRead(tx -> tx.run("RETURN 1").list());
                assertThat(inTransaction).hasSize(1);
            }
            // the RUN, then the BEGIN and the RUN in the transaction
            List<String> seen = List.of(threads.take(), threads.take(), threads.take());
            if (policy.blocks()) {
                assertThat(seen).as("%s", policy).allMatch(name -> name.startsWith("bolt-handler-"));
            } else {
                assertThat(seen).as("%s", policy).noneMatch(name -> name.startsWith("bolt-handler-"));
            }
        }
        assertThat(ProxyPolicy.ALLOW_ALL.blocks()).isFalse();
        assertThat(ProxyPolicy.nonBlocking(recording).andThen(recording).blocks()).isTrue();
    }

    @Test
    void rewrittenStatementRunsUpstreamInstead() throws Exception {
        try (Driver driver = driver("ann"); Session session = driver.session()) {
            session.run("MATCH (n) RETURN n").consume();
        }
        Query seen = upstreamQueries.poll(10, TimeUnit.SECONDS);
        assertThat(seen.statement()).isEqualTo("MATCH (n) RETURN n LIMIT $limit");
        assertThat(seen.parameters()).containsEntry("limit", 3L);
    }

    @Test
    void readOnlyUsersRunInReadModeWhateverTheyDeclare() throws Exception {
        try (Driver driver = driver("reader-rita"); Session session = driver.session()) {
            session.run("UNWIND range(1, 2) AS i RETURN i").consume();
            session.executeWrite(tx -> tx.run("RETURN 1").consume());
        }
        assertThat(upstreamQueries.poll(10, TimeUnit.SECONDS).context().accessMode()).isEqualTo(AccessMode.READ);
        assertThat(upstreamBegins.poll(10, TimeUnit.SECONDS)).isEqualTo(AccessMode.READ);
        try (Driver driver = driver("writer-wes"); Session session = driver.session()) {
            session.executeWrite(tx -> tx.run("RETURN 1").consume());
        }
        assertThat(upstreamBegins.poll(10, TimeUnit.SECONDS)).isEqualTo(AccessMode.WRITE);
    }

    @Test
    void auditEventsTellUserDatabaseModeOutcomeRecordsAndDuration() throws Exception {
        try (Driver driver = driver("ann")) {
            try (Session session = driver.session(SessionConfig.builder().withDatabase("movies")
                    .withFetchSize(10).build())) {
                Result result = session.run("UNWIND range(1, 5) AS i RETURN i");
                for (int i = 0; i < 5; i++) {
                    result.next();
                }
            }
            ProxyAuditListener.Event streamed = nextAuditEvent();
            assertThat(streamed.user()).isEqualTo("ann");
            assertThat(streamed.database()).isEqualTo("movies");
            assertThat(streamed.mode()).isEqualTo(AccessMode.WRITE);
            assertThat(streamed.inTransaction()).isFalse();
            // the client went away with the rest unread: the upstream stream was discarded
            assertThat(streamed.outcome()).isIn(ProxyAuditListener.Outcome.SUCCEEDED,
                    ProxyAuditListener.Outcome.CANCELLED);
            assertThat(streamed.records()).isGreaterThanOrEqualTo(5);
            assertThat(streamed.duration()).isPositive();

            try (Session session = driver.session()) {
                assertThatThrownBy(() -> session.run("RETRUN 1").consume()).isInstanceOf(Neo4jException.class);
                session.executeRead(tx -> tx.run("UNWIND range(1, 3) AS i RETURN i").consume());
            }
            ProxyAuditListener.Event failed = nextAuditEvent();
            assertThat(failed.outcome()).isEqualTo(ProxyAuditListener.Outcome.FAILED);
            assertThat(failed.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
            ProxyAuditListener.Event inTransaction = nextAuditEvent();
            assertThat(inTransaction.inTransaction()).isTrue();
            assertThat(inTransaction.mode()).isEqualTo(AccessMode.READ);
        }
    }
}
