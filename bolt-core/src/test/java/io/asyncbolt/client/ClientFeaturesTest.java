package io.asyncbolt.client;

import static io.asyncbolt.client.ScriptedServer.failure;
import static io.asyncbolt.client.ScriptedServer.record;
import static io.asyncbolt.client.ScriptedServer.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.testing.Await;
import io.asyncbolt.testing.ManualClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The client features the official drivers have and testkit checks, each against a scripted server:
 * bookmark managers and {@code executeQuery}, notification filters, the GQL error model, session-level
 * authentication, address resolution, routing-table access, peeking and closing sessions.
 */
class ClientFeaturesTest extends ScriptedClientTests {

    BoltClient client(String uri) {
        return client(uri, ClientConfig.builder().maxRetryTime(Duration.ofSeconds(2)).build());
    }

    /** One record per query; each COMMIT (and each auto-commit result) returns the next bookmark bm1, bm2... */
    private static ScriptedServer.Script bookmarking() {
        AtomicInteger bookmarks = new AtomicInteger();
        return (c, request) -> {
            if (ScriptedServer.answeredByDefault(request)) {
                return List.of();
            }
            if (request instanceof RunMessage) {
                return List.of(success(Map.of("fields", List.of("n"))));
            }
            if (request instanceof PullMessage) {
                return List.of(record(1L), success(Map.of("type", "w")));
            }
            if (request instanceof CommitMessage) {
                return List.of(success(Map.of("bookmark", "bm" + bookmarks.incrementAndGet())));
            }
            return List.of(success());
        };
    }

    @Test
    void aBookmarkManagerChainsSessionsAndHearsEachNewBookmark() {
        ScriptedServer server = server(BoltVersion.V5_4, bookmarking());
        BoltClient client = client(server.uri("bolt"));
        List<Set<String>> consumed = new CopyOnWriteArrayList<>();
        BookmarkManager manager = BookmarkManager.create(Set.of("initial"), () -> Set.of("supplied"), consumed::add);

        for (int i = 0; i < 2; i++) {
            BoltSession session = client.session(SessionConfig.defaults().withBookmarkManager(manager));
            await(session.executeWrite(tx -> tx.run("CREATE ()").thenCompose(ResultCursor::listAsync)));
        }
        BoltSession unmanaged = client.session(SessionConfig.defaults().withBookmarks(List.of("own")));
        await(unmanaged.executeWrite(tx -> tx.run("CREATE ()").thenCompose(ResultCursor::listAsync)));

        assertThat(server.received(BeginMessage.class)).extracting(b -> Set.copyOf(castList(b.extra().get("bookmarks"))))
                .containsExactly(Set.of("initial", "supplied"), Set.of("bm1", "supplied"), Set.of("own"));
        assertThat(consumed).containsExactly(Set.of("bm1"), Set.of("bm2"));
        assertThat(manager.bookmarks()).containsExactlyInAnyOrder("bm2", "supplied");
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object list) {
        return list == null ? List.of() : (List<String>) list;
    }

    @Test
    void executeQueryRunsAManagedTransactionReadsEverythingAndChainsQueriesThroughTheClientsManager() {
        ScriptedServer server = server(BoltVersion.V5_4, bookmarking());
        BoltClient client = client(server.uri("bolt"));

        EagerResult first = await(client.executeQuery("CREATE (n) RETURN 1 AS n", Map.of()));
        await(client.executeQuery("MATCH (n) RETURN n", Map.of(), QueryConfig.DEFAULT.withReadOnly(true)
                .withDatabase("movies").withTransaction(new TransactionConfig(Duration.ofSeconds(5), Map.of("app", "x")))));
        await(client.executeQuery("MATCH (n) RETURN n", Map.of(), QueryConfig.DEFAULT.withBookmarkManager(null)));

        assertThat(first.keys()).containsExactly("n");
        assertThat(first.records()).singleElement().satisfies(r -> assertThat(r.getLong("n")).isEqualTo(1));
        assertThat(first.summary().queryType()).isEqualTo("w");
        List<BeginMessage> begins = server.received(BeginMessage.class);
        assertThat(begins.get(0).extra()).doesNotContainKeys("bookmarks", "mode", "db");
        assertThat(begins.get(1).extra()).containsEntry("bookmarks", List.of("bm1")).containsEntry("mode", "r")
                .containsEntry("db", "movies").containsEntry("tx_timeout", 5000L)
                .containsEntry("tx_metadata", Map.of("app", "x"));
        assertThat(begins.get(2).extra()).as("no bookmark manager").doesNotContainKey("bookmarks");
        assertThat(client.executeQueryBookmarkManager().bookmarks()).containsExactly("bm2");
    }

    @Test
    void notificationFiltersTravelInHelloAndPerSessionAndAreRefusedBeforeBolt52() {
        ScriptedServer server = server(BoltVersion.V5_4, bookmarking());
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder()
                .notificationConfig(new NotificationConfig("warning", Set.of("HINT"))).build());
        BoltSession session = client.session(SessionConfig.defaults().withNotificationConfig(NotificationConfig.disabled()));
        await(session.run("RETURN 1").thenCompose(ResultCursor::consumeAsync));

        assertThat(server.received(HelloMessage.class).get(0).extra())
                .containsEntry("notifications_minimum_severity", "WARNING")
                // the wire layer spells it notifications_disabled_categories on 5.4 and reads it back canonically
                .containsEntry("notifications_disabled_classifications", List.of("HINT"));
        assertThat(server.received(RunMessage.class).get(0).extra()).containsEntry("notifications_minimum_severity", "OFF");

        ScriptedServer old = server(BoltVersion.V5_0, bookmarking());
        BoltClient oldClient = client(old.uri("bolt"));
        Throwable refused = failureOf(oldClient.session(SessionConfig.defaults()
                .withNotificationConfig(NotificationConfig.disabled())).run("RETURN 1"));
        assertThat(refused).isInstanceOf(BoltClientException.ClientError.class).hasMessageContaining("5.2");
        assertThat(old.received(RunMessage.class)).isEmpty();
        assertThat(await(oldClient.session().run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);
    }

    @Test
    void bolt57FailuresCarryTheirGqlStatusDiagnosticRecordAndCauseChain() {
        FailureMessage cause = new FailureMessage("N/A", "inner", "22N01", "the inner one", Map.of("OPERATION", "OP1",
                "_classification", "MADE_UP"), null);
        ScriptedServer server = server(BoltVersion.V5_7, (c, request) -> request instanceof RunMessage
                ? List.of(new FailureMessage("Neo.ClientError.Statement.SyntaxError", "outer", "42001", "syntax",
                        Map.of("_classification", "CLIENT_ERROR", "CURRENT_SCHEMA", "/x"), cause))
                : List.of());
        BoltClient client = client(server.uri("bolt"));

        BoltClientException error = (BoltClientException) failureOf(client.session().run("RETRUN 1"));

        assertThat(error.code()).isEqualTo("Neo.ClientError.Statement.SyntaxError");
        assertThat(error.gqlStatus()).isEqualTo("42001");
        assertThat(error.statusDescription()).isEqualTo("syntax");
        assertThat(error.diagnosticRecord()).containsEntry("CURRENT_SCHEMA", "/x").containsEntry("OPERATION", "")
                .containsEntry("OPERATION_CODE", "0");
        assertThat(error.classification()).isEqualTo("CLIENT_ERROR");
        assertThat(error.getCause()).isInstanceOfSatisfying(GqlError.class, inner -> {
            assertThat(inner.gqlStatus()).isEqualTo("22N01");
            assertThat(inner.getMessage()).isEqualTo("inner");
            assertThat(inner.diagnosticRecord()).containsEntry("OPERATION", "OP1").containsEntry("CURRENT_SCHEMA", "/");
            assertThat(inner.rawClassification()).isEqualTo("MADE_UP");
            assertThat(inner.classification()).isEqualTo("UNKNOWN");
        });
    }

    @Test
    void failuresBeforeBolt57GetTheDriversDefaultGqlFields() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage
                ? List.of(failure("Neo.TransientError.Oopsie.OhSnap", "not now")) : List.of());
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().maxRetryTime(Duration.ZERO).build());

        BoltClientException error = (BoltClientException) failureOf(client.session().run("RETURN 1"));

        assertThat(error.isRetryable()).isTrue();
        assertThat(error.gqlStatus()).isEqualTo("50N42");
        assertThat(error.statusDescription()).isEqualTo("error: general processing exception - unexpected error. not now");
        assertThat(error.diagnosticRecord()).isEqualTo(Map.of("OPERATION", "", "OPERATION_CODE", "0", "CURRENT_SCHEMA", "/"));
        assertThat(error.rawClassification()).isNull();
        assertThat(error.classification()).isEqualTo("UNKNOWN");
        assertThat(error.getCause()).isNull();
    }

    @Test
    void sessionAuthReauthenticatesThePooledConnectionAndIsRefusedBeforeBolt51() {
        ScriptedServer server = server(BoltVersion.V5_4, bookmarking());
        BoltClient client = client(server.uri("bolt"));
        await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync));

        BoltSession alice = client.session(SessionConfig.defaults().withAuth(AuthToken.basic("alice", "pw")));
        await(alice.run("RETURN 1").thenCompose(ResultCursor::listAsync));

        assertThat(server.connectionsAccepted()).isEqualTo(1);
        assertThat(server.received(LogoffMessage.class)).hasSize(1);
        assertThat(server.received(LogonMessage.class)).extracting(l -> l.authToken().get("principal"))
                .containsExactly("neo4j", "alice");

        ScriptedServer old = server(BoltVersion.V5_0, bookmarking());
        BoltClient oldClient = client(old.uri("bolt"));
        assertThat(failureOf(oldClient.session(SessionConfig.defaults().withAuth(AuthToken.basic("alice", "pw")))
                .run("RETURN 1"))).isInstanceOf(BoltClientException.ClientError.class).hasMessageContaining("5.1");
    }

    @Test
    void verifyAuthenticationTellsAcceptedFromRefusedCredentials() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof LogonMessage logon
                && "wrong".equals(logon.authToken().get("credentials"))
                ? List.of(failure("Neo.ClientError.Security.Unauthorized", "no")) : List.of());
        BoltClient client = client(server.uri("bolt"));

        assertThat(await(client.verifyAuthentication(AuthToken.basic("neo4j", "right")))).isTrue();
        assertThat(await(client.verifyAuthentication(AuthToken.basic("neo4j", "wrong")))).isFalse();
    }

    @Test
    void aResolverTurnsTheSeedIntoTheAddressesToTry() {
        ScriptedServer server = server(BoltVersion.V5_4, bookmarking());
        List<String> asked = new CopyOnWriteArrayList<>();
        BoltClient client = client("bolt://my.cluster:7687", ClientConfig.builder().resolver(address -> {
            asked.add(address);
            return List.of(server.address());
        }).build());

        assertThat(await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);
        assertThat(asked).contains("my.cluster:7687");
    }

    @Test
    void aDomainNameResolverGivesTheAddressesOfAHostTriedInOrderUntilOneAnswers() throws Exception {
        ScriptedServer server = server(BoltVersion.V5_4, bookmarking());
        List<String> asked = new CopyOnWriteArrayList<>();
        // 127.0.0.2 is loopback too, but nothing listens there: the client goes on to 127.0.0.1
        InetAddress nobody = InetAddress.getByAddress("db.internal", new byte[] {127, 0, 0, 2});
        InetAddress server1 = InetAddress.getByAddress("db.internal", new byte[] {127, 0, 0, 1});
        BoltClient client = client("bolt://db.internal:" + server.port(), ClientConfig.builder()
                .domainNameResolver(host -> {
                    asked.add(host);
                    return new InetAddress[] {nobody, server1};
                }).build());

        assertThat(await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);
        assertThat(asked).containsExactly("db.internal");
    }

    @Test
    void aHostTheDomainNameResolverDoesNotKnowIsServiceUnavailable() {
        BoltClient client = client("bolt://nowhere.internal:7687", ClientConfig.builder()
                .domainNameResolver(host -> {
                    throw new UnknownHostException(host);
                }).build());

        assertThat(failureOf(client.session().run("RETURN 1")))
                .isInstanceOf(BoltClientException.ServiceUnavailable.class)
                .hasMessageContaining("Unable to resolve nowhere.internal");
    }

    @Test
    void theRoutingTableCanBeReadAndRefreshed() {
        String[] self = new String[1];
        AtomicInteger routes = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof RouteMessage) {
                routes.incrementAndGet();
                return List.of(success(Map.of("rt", Map.of("ttl", 42L, "db", "neo4j", "servers", List.of(
                        Map.of("addresses", List.of(self[0]), "role", "ROUTE"),
                        Map.of("addresses", List.of(self[0]), "role", "READ"),
                        Map.of("addresses", List.of(self[0]), "role", "WRITE"))))));
            }
            return List.of();
        });
        self[0] = server.address();
        BoltClient client = client(server.uri("neo4j"));
        assertThat(client.routingTable(null)).isEmpty();

        RoutingTableInfo table = await(client.refreshRoutingTable(null, List.of("bm")));

        assertThat(table).isEqualTo(new RoutingTableInfo("neo4j", 42, List.of(self[0]), List.of(self[0]), List.of(self[0])));
        assertThat(client.routingTable("neo4j")).contains(table);
        assertThat(server.received(RouteMessage.class).get(0).bookmarks()).containsExactly("bm");
        assertThat(client.isEncrypted()).isFalse();
    }

    @Test
    void peekShowsTheNextRecordWithoutTakingItAndSummariesNameTheServer() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RunMessage
                ? List.of(success(Map.of("fields", List.of("n"))))
                : request instanceof PullMessage ? List.of(record(1L), record(2L), success(Map.of("type", "r")))
                : List.of());
        BoltClient client = client(server.uri("bolt"));
        ResultCursor cursor = await(client.session().run("UNWIND [1, 2] AS n RETURN n"));

        assertThat(await(cursor.peekAsync()).getLong("n")).isEqualTo(1);
        assertThat(await(cursor.peekAsync()).getLong("n")).isEqualTo(1);
        assertThat(await(cursor.nextAsync()).getLong("n")).isEqualTo(1);
        assertThat(await(cursor.nextAsync()).getLong("n")).isEqualTo(2);
        assertThat(await(cursor.peekAsync())).isNull();
        ResultSummary summary = await(cursor.consumeAsync());
        assertThat(summary.server()).isEqualTo(new ServerInfo(server.address(), "Neo4j/5.26.0", BoltVersion.V5_4));
    }

    @Test
    void closingASessionDiscardsItsOpenResultAndRollsBackItsTransaction() {
        AtomicInteger pulls = new AtomicInteger();
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (ScriptedServer.answeredByDefault(request)) {
                return List.of();
            }
            if (request instanceof RunMessage) {
                return List.of(success(Map.of("fields", List.of("n"), "qid", 0L)));
            }
            if (request instanceof PullMessage) {
                pulls.incrementAndGet();
                return List.of(record(1L), success(Map.of("has_more", true)));
            }
            return List.<BoltMessage>of(success());
        });
        BoltClient client = client(server.uri("bolt"), ClientConfig.builder().fetchSize(1).build());

        BoltSession streaming = client.session();
        await(streaming.run("UNWIND range(1, 100) AS n RETURN n"));
        await(streaming.closeAsync());
        BoltSession transacting = client.session();
        await(transacting.beginTransaction());
        transacting.close();

        assertThat(server.received(DiscardMessage.class)).hasSize(1);
        assertThat(server.received(RollbackMessage.class)).hasSize(1);
        assertThat(failureOf(streaming.run("RETURN 1"))).hasMessageContaining("closed");
        assertThat(client.connectionsInUse()).isZero();
    }

    private ResultSummary summaryOf(BoltVersion version, List<String> fields, int records, Map<String, Object> pullSuccess) {
        ScriptedServer server = server(version, (c, request) -> {
            if (request instanceof RunMessage) {
                return List.of(success(Map.of("fields", fields)));
            }
            if (request instanceof PullMessage) {
                List<Object> answer = new ArrayList<>();
                for (int i = 0; i < records; i++) {
                    answer.add(record(1L));
                }
                answer.add(success(pullSuccess));
                return answer;
            }
            return List.of();
        });
        BoltClient client = client(server.uri("bolt"));
        return await(client.session().run("EXPLAIN MATCH (a), (b) RETURN a", Map.of("x", 1L))
                .thenCompose(ResultCursor::consumeAsync));
    }

    @Test
    void beforeBolt56NotificationsBecomeGqlStatusesInGqlOrderAfterTheOutcome() {
        Map<String, Object> warning = Map.of("code", "Neo.ClientNotification.Statement.CartesianProductWarning",
                "title", "cartesian", "description", "disconnected patterns", "severity", "WARNING",
                "category", "PERFORMANCE", "position", Map.of("offset", 8L, "line", 1L, "column", 9L));
        Map<String, Object> information = Map.of("code", "Neo.ClientNotification.Statement.Something",
                "title", "fyi", "severity", "INFORMATION");

        ResultSummary summary = summaryOf(BoltVersion.V5_4, List.of("a"), 0,
                Map.of("type", "r", "notifications", List.of(information, warning)));

        assertThat(summary.query()).startsWith("EXPLAIN");
        assertThat(summary.parameters()).containsEntry("x", 1L);
        assertThat(summary.notifications()).extracting(Notification::severity, Notification::category)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("INFORMATION", "UNKNOWN"),
                        org.assertj.core.groups.Tuple.tuple("WARNING", "PERFORMANCE"));
        assertThat(summary.notifications().get(1).position()).isEqualTo(new InputPosition(8, 1, 9));
        assertThat(summary.gqlStatusObjects()).extracting(GqlStatusObject::gqlStatus)
                .containsExactly("02000", "01N42", "03N42");
        GqlStatusObject polyfilled = summary.gqlStatusObjects().get(1);
        assertThat(polyfilled.statusDescription()).isEqualTo("disconnected patterns");
        assertThat(polyfilled.diagnosticRecord()).containsEntry("_severity", "WARNING")
                .containsEntry("_classification", "PERFORMANCE").containsEntry("OPERATION_CODE", "0");
        assertThat(summary.gqlStatusObjects().get(2).statusDescription()).isEqualTo("info: unknown notification");

        assertThat(summaryOf(BoltVersion.V5_4, List.of("a"), 1, Map.of()).gqlStatusObjects())
                .extracting(GqlStatusObject::gqlStatus).containsExactly("00000");
        assertThat(summaryOf(BoltVersion.V5_4, List.of(), 0, Map.of()).gqlStatusObjects())
                .extracting(GqlStatusObject::gqlStatus).containsExactly("00001");
    }

    @Test
    void fromBolt56TheStatusesAreKeptInOrderAndTheirNotificationsDerived() {
        Map<String, Object> warning = Map.of("gql_status", "01N00", "status_description", "warn: feature deprecated",
                "neo4j_code", "Neo.ClientNotification.Statement.FeatureDeprecationWarning", "title", "deprecated",
                "description", "old", "diagnostic_record", Map.of("_severity", "WARNING", "_classification",
                        "DEPRECATION", "_position", Map.of("offset", 0L, "line", 1L, "column", 1L)));
        Map<String, Object> success = Map.of("gql_status", "00000", "status_description", "note: successful completion");

        ResultSummary summary = summaryOf(BoltVersion.V5_6, List.of("a"), 1,
                Map.of("type", "r", "statuses", List.of(success, warning)));

        assertThat(summary.gqlStatusObjects()).extracting(GqlStatusObject::gqlStatus, GqlStatusObject::isNotification)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("00000", false),
                        org.assertj.core.groups.Tuple.tuple("01N00", true));
        assertThat(summary.gqlStatusObjects().get(0).diagnosticRecord()).containsEntry("CURRENT_SCHEMA", "/");
        assertThat(summary.notifications()).singleElement().satisfies(n -> {
            assertThat(n.code()).isEqualTo("Neo.ClientNotification.Statement.FeatureDeprecationWarning");
            assertThat(n.description()).isEqualTo("old");
            assertThat(n.category()).isEqualTo("DEPRECATION");
            assertThat(n.position()).isEqualTo(new InputPosition(0, 1, 1));
        });
    }

    @Test
    void aBasicAuthTokenManagerFetchesANewPasswordWhenTheOldOneIsRefusedAndTheWorkIsRetried() {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> {
            if (request instanceof LogonMessage logon) {
                return "old".equals(logon.authToken().get("credentials"))
                        ? List.of(failure("Neo.ClientError.Security.Unauthorized", "wrong password")) : List.of();
            }
            return bookmarking().answer(c, request);
        });
        List<String> passwords = new CopyOnWriteArrayList<>(List.of("old", "new"));
        AtomicInteger asked = new AtomicInteger();
        AuthTokenManager manager = AuthTokenManager.basic(() -> {
            asked.incrementAndGet();
            return java.util.concurrent.CompletableFuture.completedFuture(AuthToken.basic("neo4j", passwords.remove(0)));
        });
        BoltClient client = BoltClient.create(server.uri("bolt"), manager,
                ClientConfig.builder().maxRetryTime(Duration.ofSeconds(5)).build());
        resources.add(client);

        List<Record> rows = await(client.session().executeWrite(tx -> tx.run("RETURN 1").thenCompose(ResultCursor::listAsync)));

        assertThat(rows).hasSize(1);
        assertThat(asked).as("the refused password was replaced once").hasValue(2);
        assertThat(await(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync))).hasSize(1);
        assertThat(asked).as("the accepted one is kept").hasValue(2);
    }

    @Test
    void aStaticTokenThatIsRefusedIsNotRetriedAndABearerManagerAsksAgainOnceItsTokenExpired() throws Exception {
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof LogonMessage
                ? List.of(failure("Neo.ClientError.Security.Unauthorized", "no")) : List.of());
        BoltClient fixed = client(server.uri("bolt"), ClientConfig.builder().maxRetryTime(Duration.ofSeconds(5)).build());
        long start = System.nanoTime();
        Throwable refused = failureOf(fixed.session().executeWrite(tx -> tx.run("RETURN 1")));
        assertThat(refused).isInstanceOf(BoltClientException.Authentication.class);
        assertThat(((BoltClientException) refused).isRetryable()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no retries").isLessThan(Duration.ofSeconds(1));

        AtomicInteger asked = new AtomicInteger();
        AuthTokenManager bearer = AuthTokenManager.bearer(() -> java.util.concurrent.CompletableFuture.completedFuture(
                AuthTokenManager.AuthTokenAndExpiration.expiringIn(AuthToken.bearer("t" + asked.incrementAndGet()),
                        Duration.ofMillis(200))));
        assertThat(await(bearer.getToken())).isEqualTo(AuthToken.bearer("t1"));
        assertThat(await(bearer.getToken())).isEqualTo(AuthToken.bearer("t1"));
        Await.until("the token expired and a new one was asked for", Duration.ofSeconds(5),
                () -> await(bearer.getToken()).equals(AuthToken.bearer("t2")));
        assertThat(bearer.handleSecurityException(AuthToken.bearer("t2"), (BoltClientException) refused)).isTrue();
        assertThat(await(bearer.getToken())).isEqualTo(AuthToken.bearer("t3"));
    }

    @Test
    void routingTablesExpireAndIdleConnectionsAreCheckedByTheClientsClock() {
        String[] self = new String[1];
        ScriptedServer server = server(BoltVersion.V5_4, (c, request) -> request instanceof RouteMessage
                ? List.of(success(Map.of("rt", Map.of("ttl", 300L, "db", "neo4j", "servers", List.of(
                        Map.of("addresses", List.of(self[0]), "role", "ROUTE"),
                        Map.of("addresses", List.of(self[0]), "role", "READ"),
                        Map.of("addresses", List.of(self[0]), "role", "WRITE"))))))
                : bookmarking().answer(c, request));
        self[0] = server.address();
        ManualClock clock = new ManualClock();
        BoltClient client = client(server.uri("neo4j"), ClientConfig.builder().clock(clock)
                .livenessCheckAfter(Duration.ofMinutes(1)).build());
        java.util.function.Supplier<List<Record>> query = () -> await(client.session(SessionConfig.forDatabase("neo4j"))
                .run("RETURN 1").thenCompose(ResultCursor::listAsync));

        query.get();
        int resets = server.received(io.asyncbolt.protocol.message.ResetMessage.class).size();
        clock.advance(Duration.ofSeconds(299));
        query.get();
        assertThat(server.received(RouteMessage.class)).as("within the TTL").hasSize(1);
        assertThat(server.received(io.asyncbolt.protocol.message.ResetMessage.class).size())
                .as("idle for longer than the liveness threshold: checked first").isGreaterThan(resets);
        clock.advance(Duration.ofSeconds(2));
        query.get();
        assertThat(server.received(RouteMessage.class)).as("past the TTL").hasSize(2);
    }

    @Test
    void theServersContainsUpdatesFlagWinsOverTheCounters() {
        ResultSummary said = summaryOf(BoltVersion.V5_4, List.of("a"), 0, Map.of("type", "w", "stats",
                Map.of("nodes-created", 1L, "contains-updates", false, "system-updates", 2L,
                        "contains-system-updates", false)));
        ResultSummary counted = summaryOf(BoltVersion.V5_4, List.of("a"), 0, Map.of("type", "w", "stats",
                Map.of("nodes-created", 1L, "system-updates", 2L)));

        assertThat(said.containsUpdates()).isFalse();
        assertThat(said.containsSystemUpdates()).isFalse();
        assertThat(counted.containsUpdates()).isTrue();
        assertThat(counted.containsSystemUpdates()).isTrue();
    }
}
