package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.DriverValues;
import io.asyncbolt.testing.Await;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Relationship;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.TransientException;

/** The official Java driver against {@link BoltServer}: what a user of the driver sees. */
class OfficialDriverServerTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private BoltServer server;
    private Driver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Echoes the parameters as one row; {@code UNWIND} streams {@code $n} generated rows. */
    private static CompletableFuture<QueryResult> echo(Query query) {
        return CompletableFuture.completedFuture(QueryResult.single(new LinkedHashMap<>(query.parameters())));
    }

    private Driver connect(String scheme, BoltServer server) {
        return GraphDatabase.driver(scheme + "://127.0.0.1:" + server.port(), AuthTokens.basic("neo4j", "secret"),
                Config.builder().withoutEncryption().withMaxConnectionPoolSize(4)
                        .withMaxTransactionRetryTime(5, java.util.concurrent.TimeUnit.SECONDS).build());
    }

    /** Starts a server whose {@code slow} statement waits for {@code release}, and runs it in the background. */
    /** Completed when the handler of the slow query (see {@link #startWithSlowQuery}) is running. */
    private final CompletableFuture<Void> slowRunning = new CompletableFuture<>();

    private CompletableFuture<Long> startWithSlowQuery(CompletableFuture<Void> release, long x) {
        server = BoltServer.builder().port(0).queryHandler(query -> {
            if (query.statement().equals("slow")) {
                slowRunning.complete(null);
                release.get();
            }
            return echo(query);
        }).start();
        driver = connect("bolt", server);
        return CompletableFuture.supplyAsync(() -> {
            try (Session session = driver.session()) {
                return session.run("slow", Map.of("x", x)).single().get("x").asLong();
            }
        });
    }

    static List<BoltVersion> versions() {
        return BoltVersion.ALL;
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("versions")
    void eachVersionServesQueriesAndTransactions(BoltVersion version) {
        server = BoltServer.builder().port(0).versions(List.of(version)).telemetry(true)
                .queryHandler(OfficialDriverServerTest::echo).start();
        driver = connect("bolt", server);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("n", 42L);
        params.put("s", "hello");
        params.put("d", LocalDate.of(2024, 2, 29));
        params.put("z", ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Berlin")));
        params.put("o", OffsetDateTime.of(2024, 1, 1, 12, 0, 0, 0, ZoneOffset.ofHours(-5)));
        params.put("l", List.of(1L, "two", 3.0));
        params.put("m", Map.of("k", List.of(true, false)));
        try (Session session = driver.session()) {
            Record record = session.run("RETURN $everything", params).single();
            for (Map.Entry<String, Object> entry : params.entrySet()) {
                assertThat(record.get(entry.getKey())).as(entry.getKey()).isEqualTo(Values.value(entry.getValue()));
            }
            Value inTx = session.executeWrite(tx -> tx.run("RETURN $x", Map.of("x", "tx")).single().get("x"));
            assertThat(inTx.asString()).isEqualTo("tx");
            Value read = session.executeRead(tx -> tx.run("RETURN $x", Map.of("x", "read")).single().get("x"));
            assertThat(read.asString()).isEqualTo("read");
            assertThat(session.lastBookmarks()).isNotEmpty();
        }
        var eager = driver.executableQuery("RETURN $x").withParameters(Map.of("x", 7L)).execute();
        assertThat(eager.records()).singleElement().satisfies(r -> assertThat(r.get("x").asLong()).isEqualTo(7));
        assertThat(eager.summary().server().agent()).startsWith("Neo4j/");
        assertThat(eager.summary().server().protocolVersion()).as("the one version the server offers")
                .isEqualTo(version.toString());
    }

    @Test
    void theQueryContextCarriesWhatTheDriverSent() {
        List<Query> seen = new CopyOnWriteArrayList<>();
        server = BoltServer.builder().port(0).queryHandler(query -> {
            seen.add(query);
            return echo(query);
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session(SessionConfig.builder().withDatabase("movies")
                .withDefaultAccessMode(org.neo4j.driver.AccessMode.READ)
                .withBookmarks(org.neo4j.driver.Bookmark.from("bm-earlier"))
                .withImpersonatedUser("alice").build())) {
            session.run("RETURN $x", Map.of("x", 1L)).consume();
            session.executeRead(tx -> tx.run("RETURN $y", Map.of("y", 2L)).consume(),
                    org.neo4j.driver.TransactionConfig.builder().withMetadata(Map.of("app", "ctx"))
                            .withTimeout(Duration.ofSeconds(7)).build());
        }
        assertThat(seen).hasSize(2);
        Query auto = seen.get(0);
        assertThat(auto.statement()).isEqualTo("RETURN $x");
        assertThat(auto.parameters()).isEqualTo(Map.of("x", 1L));
        assertThat(auto.transaction()).isNull();
        RequestContext context = auto.context();
        assertThat(context.database()).isEqualTo("movies");
        assertThat(context.accessMode()).isEqualTo(AccessMode.READ);
        assertThat(context.bookmarks()).containsExactly("bm-earlier");
        assertThat(context.impersonatedUser()).isEqualTo("alice");
        assertThat(context.principal().getName()).isEqualTo("neo4j");
        assertThat(context.version()).isEqualTo(BoltVersion.ALL.get(0));
        assertThat(context.userAgent()).startsWith("neo4j-java/");
        assertThat(context.connectionId()).startsWith("bolt-");
        Query inTx = seen.get(1);
        assertThat(inTx.transaction()).isNotNull();
        assertThat(inTx.context().txMetadata()).isEqualTo(Map.of("app", "ctx"));
        assertThat(inTx.context().txTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(inTx.context().database()).isEqualTo("movies");
        assertThat(inTx.context().accessMode()).isEqualTo(AccessMode.READ);
        assertThat(inTx.context().bookmarks()).as("the bookmark of the auto-commit query before").isNotEmpty()
                .doesNotContain("bm-earlier");
    }

    static List<BoltVersion> summaryVersions() {
        return List.of(BoltVersion.V4_4, BoltVersion.V5_4, BoltVersion.V5_8);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("summaryVersions")
    void summariesCarryQueryTypeCountersNotificationsAndBookmark(BoltVersion version) {
        Map<String, Object> notification = new LinkedHashMap<>();
        notification.put("code", "Neo.ClientNotification.Statement.CartesianProduct");
        notification.put("title", "This query builds a cartesian product");
        notification.put("description", "Mind the product.");
        notification.put("severity", "WARNING");
        notification.put("category", "PERFORMANCE");
        server = BoltServer.builder().port(0).versions(List.of(version)).queryHandler(query ->
                CompletableFuture.completedFuture(QueryResult.empty(new ResultSummary("w",
                        Map.of("nodes-created", 2L, "properties-set", 3L), List.of(notification), "bm-handler"))))
                .start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            org.neo4j.driver.summary.ResultSummary summary = session.run("CREATE (a), (b)").consume();
            assertThat(summary.queryType()).isEqualTo(org.neo4j.driver.summary.QueryType.WRITE_ONLY);
            assertThat(summary.counters().nodesCreated()).isEqualTo(2);
            assertThat(summary.counters().propertiesSet()).isEqualTo(3);
            assertThat(summary.counters().containsUpdates()).isTrue();
            assertThat(summary.database().name()).isEqualTo("neo4j");
            assertThat(summary.notifications()).singleElement().satisfies(n -> {
                assertThat(n.code()).isEqualTo("Neo.ClientNotification.Statement.CartesianProduct");
                assertThat(n.title()).isEqualTo("This query builds a cartesian product");
                assertThat(n.rawSeverityLevel()).hasValue("WARNING");
            });
            assertThat(session.lastBookmarks().toString()).contains("bm-handler");
        }
    }

    static List<BoltVersion> failureVersions() {
        return List.of(BoltVersion.V5_6, BoltVersion.V5_7, BoltVersion.V5_8, BoltVersion.V6_0);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("failureVersions")
    void failuresCarryTheGqlFieldsFromBolt57(BoltVersion version) {
        server = BoltServer.builder().port(0).versions(List.of(version)).queryHandler(query -> {
            throw BoltException.argumentError("x must be positive");
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETURN $x", Map.of("x", -1L)).consume())
                    .isInstanceOf(ClientException.class).satisfies(e -> {
                        ClientException failure = (ClientException) e;
                        assertThat(failure.code()).isEqualTo(StatusCodes.ARGUMENT_ERROR);
                        assertThat(failure.getMessage()).isEqualTo("x must be positive");
                        assertThat(failure.gqlStatus()).isEqualTo("50N42");
                        if (version.isAtLeast(BoltVersion.V5_7)) {
                            // only sent from 5.7: without them the driver knows no classification
                            assertThat(failure.rawClassification()).hasValue("CLIENT_ERROR");
                            assertThat(failure.statusDescription()).contains("x must be positive");
                        } else {
                            assertThat(failure.rawClassification()).isEmpty();
                        }
                    });
        }
    }

    @Test
    void aHandlerChoosesTheGqlStatusOfItsFailure() {
        server = BoltServer.builder().port(0).versions(List.of(BoltVersion.V5_8)).queryHandler(query -> {
            if (query.statement().equals("RETURN")) {
                throw BoltException.syntaxError("Unexpected end of input");
            }
            throw new BoltException(StatusCodes.ARGUMENT_ERROR, "x is not a date", "22N11",
                    "error: data exception - invalid argument", null);
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETURN").consume()).isInstanceOf(ClientException.class)
                    .satisfies(e -> {
                        ClientException failure = (ClientException) e;
                        assertThat(failure.code()).isEqualTo(StatusCodes.SYNTAX_ERROR);
                        assertThat(failure.gqlStatus()).isEqualTo("42001");
                        assertThat(failure.statusDescription()).contains("invalid syntax");
                    });
            assertThatThrownBy(() -> session.run("RETURN date($x)").consume()).isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).gqlStatus()).isEqualTo("22N11"));
        }
    }

    static List<BoltVersion> valueVersions() {
        return List.of(BoltVersion.V4_4, BoltVersion.V5_0, BoltVersion.V5_8, BoltVersion.V6_0, BoltVersion.V6_1);
    }

    private static final UUID SERVER_ID = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final UUID DRIVER_ID = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");

    /** A handler that returns a UUID of its own next to the parameters it was given. */
    private static CompletableFuture<QueryResult> withServerUuid(Query query) {
        Map<String, Object> row = new LinkedHashMap<>(query.parameters());
        row.put("serverId", SERVER_ID);
        row.put("inList", List.of(SERVER_ID, 1L));
        return CompletableFuture.completedFuture(QueryResult.single(row));
    }

    @Test
    void theDriverNegotiates61AndUuidsTravelBothWays() {
        List<Object> received = new CopyOnWriteArrayList<>();
        server = BoltServer.builder().port(0).queryHandler(query -> {
            received.add(query.parameters().get("driverId"));
            return withServerUuid(query);
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            Result result = session.run("RETURN $driverId", Map.of("driverId", Values.value(DRIVER_ID)));
            Record record = result.single();
            assertThat(record.get("serverId").asUUID()).isEqualTo(SERVER_ID);
            assertThat(record.get("serverId").asObject()).isEqualTo(SERVER_ID);
            assertThat(record.get("inList").asList()).containsExactly(SERVER_ID, 1L);
            assertThat(record.get("driverId").asUUID()).isEqualTo(DRIVER_ID);
            assertThat(result.consume().server().protocolVersion()).isEqualTo("6.1");
        }
        assertThat(received).containsExactly(DRIVER_ID);
    }

    @Test
    void aUuidReachesA60ConnectionAsUnsupportedType() {
        server = BoltServer.builder().port(0).versions(List.of(BoltVersion.V6_0))
                .queryHandler(OfficialDriverServerTest::withServerUuid).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            Record record = session.run("RETURN uuid").single();
            org.neo4j.driver.types.UnsupportedType unsupported = record.get("serverId").asUnsupportedType();
            assertThat(unsupported.name()).isEqualTo("UUID");
            assertThat(unsupported.minProtocolVersion()).isEqualTo("6.1");
            assertThat(unsupported.message()).hasValueSatisfying(m -> assertThat(m).contains("6.1"));
            assertThat(record.get("inList").get(0).asUnsupportedType().name()).isEqualTo("UUID");
            assertThat(record.get("inList").get(1).asLong()).isEqualTo(1);
        }
    }

    static List<BoltVersion> placeholderVersions() {
        return List.of(BoltVersion.V4_4, BoltVersion.V5_0, BoltVersion.V5_8);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("placeholderVersions")
    void aUuidReachesAConnectionBefore60AsAPlaceholderMap(BoltVersion version) {
        server = BoltServer.builder().port(0).versions(List.of(version))
                .queryHandler(OfficialDriverServerTest::withServerUuid).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            Record record = session.run("RETURN uuid").single();
            Map<String, Object> placeholder = Map.of("originalType", "UUID", "reason", "UNKNOWN_TYPE");
            assertThat(record.get("serverId").asMap()).isEqualTo(placeholder);
            assertThat(record.get("inList").asList()).containsExactly(placeholder, 1L);
            // the connection stays usable
            assertThat(session.run("RETURN $x", Map.of("x", 2L)).single().get("x").asLong()).isEqualTo(2);
        }
    }

    static List<BoltVersion> beforeUuid() {
        return List.of(BoltVersion.V5_8, BoltVersion.V6_0);
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("beforeUuid")
    void theDriverRefusesToSendAUuidBelow61AndKeepsTheSession(BoltVersion version) {
        List<String> statements = new CopyOnWriteArrayList<>();
        server = BoltServer.builder().port(0).versions(List.of(version)).queryHandler(query -> {
            statements.add(query.statement());
            return echo(query);
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETURN $id", Map.of("id", Values.value(DRIVER_ID))).consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("UUID");
            assertThat(session.run("RETURN $x", Map.of("x", 3L)).single().get("x").asLong()).isEqualTo(3);
        }
        assertThat(statements).containsExactly("RETURN $x");
    }

    @ParameterizedTest(name = "Bolt {0}")
    @MethodSource("valueVersions")
    void everyValueTypeRoundTripsThroughParametersAndRecords(BoltVersion version) {
        server = BoltServer.builder().port(0).versions(List.of(version)).queryHandler(query -> {
            if (query.statement().equals("GRAPH")) {
                Node alice = new Node(1, "4:db:1", List.of("Person"), Map.of("name", "Alice"));
                Node bob = new Node(2, "4:db:2", List.of("Person"), Map.of("name", "Bob"));
                Relationship knows = new Relationship(10, "5:db:10", 1, "4:db:1", 2, "4:db:2", "KNOWS", Map.of());
                return CompletableFuture.completedFuture(QueryResult.of(List.of("n", "r", "p"),
                        List.of(List.of(alice, knows, new Path(List.of(alice, bob), List.of(knows))))));
            }
            return echo(query);
        }).start();
        driver = connect("bolt", server);
        Map<String, Object> params = DriverValues.everyValue(version);
        try (Session session = driver.session()) {
            Record record = session.run("RETURN $everything", params).single();
            for (Map.Entry<String, Object> entry : params.entrySet()) {
                assertThat(record.get(entry.getKey())).as(entry.getKey()).isEqualTo(Values.value(entry.getValue()));
            }
            Record graph = session.run("GRAPH").single();
            assertThat(graph.get("n").asNode().get("name").asString()).isEqualTo("Alice");
            assertThat(graph.get("r").asRelationship().type()).isEqualTo("KNOWS");
            assertThat(graph.get("p").asPath().end().get("name").asString()).isEqualTo("Bob");
        }
    }

    @Test
    void explicitTransactionsCommitAndRollBackThroughTheTransactionHandler() {
        server = BoltServer.builder().port(0).queryHandler(OfficialDriverServerTest::echo)
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<Void> begin(io.asyncbolt.server.Transaction tx) {
                        events.add("begin " + tx.context().txMetadata());
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletableFuture<String> commit(io.asyncbolt.server.Transaction tx) {
                        events.add("commit");
                        return CompletableFuture.completedFuture("bm-commit-" + tx.id());
                    }

                    @Override
                    public CompletableFuture<Void> rollback(io.asyncbolt.server.Transaction tx) {
                        events.add("rollback");
                        return CompletableFuture.completedFuture(null);
                    }
                }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            try (Transaction tx = session.beginTransaction(org.neo4j.driver.TransactionConfig.builder()
                    .withMetadata(Map.of("app", "test")).build())) {
                Result first = tx.run("RETURN $a", Map.of("a", 1L));
                Result second = tx.run("RETURN $b", Map.of("b", 2L));
                assertThat(second.single().get("b").asLong()).isEqualTo(2);
                assertThat(first.single().get("a").asLong()).isEqualTo(1);
                tx.commit();
            }
            assertThat(session.lastBookmarks().toString()).contains("bm-commit-");
            try (Transaction tx = session.beginTransaction()) {
                tx.run("RETURN $a", Map.of("a", 1L)).consume();
                tx.rollback();
            }
        }
        assertThat(events).containsExactly("begin {app=test}", "commit", "begin {}", "rollback");
    }

    @Test
    void theClientsTransactionTimeoutTerminatesASlowTransaction() {
        CompletableFuture<String> rolledBack = new CompletableFuture<>();
        server = BoltServer.builder().port(0).queryHandler(query -> new CompletableFuture<>())
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<Void> rollback(io.asyncbolt.server.Transaction tx) {
                        rolledBack.complete(tx.id());
                        return CompletableFuture.completedFuture(null);
                    }
                }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session(); Transaction tx = session.beginTransaction(
                org.neo4j.driver.TransactionConfig.builder().withTimeout(Duration.ofMillis(300)).build())) {
            assertThatThrownBy(() -> tx.run("never").consume()).isInstanceOf(ClientException.class)
                    .satisfies(e -> assertThat(((ClientException) e).code()).isEqualTo(StatusCodes.TRANSACTION_TIMED_OUT));
        }
        assertThat(rolledBack).succeedsWithin(Duration.ofSeconds(5));
    }

    @Test
    void managedTransactionsAreRetriedAfterATransientError() {
        AtomicInteger attempts = new AtomicInteger();
        server = BoltServer.builder().port(0).queryHandler(query -> {
            if (attempts.incrementAndGet() <= 2) {
                throw BoltException.transientError("try again");
            }
            return echo(query);
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            long x = session.executeWrite(tx -> tx.run("RETURN $x", Map.of("x", 5L)).single().get("x").asLong());
            assertThat(x).isEqualTo(5);
        }
        assertThat(attempts).hasValue(3);
    }

    @Test
    void fetchSizeIsHonouredAndTheHandlerIsNotDrainedAhead() {
        AtomicInteger produced = new AtomicInteger();
        server = BoltServer.builder().port(0).queryHandler(query -> {
            Iterator<List<Object>> rows = new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < 10_000;
                }

                @Override
                public List<Object> next() {
                    produced.incrementAndGet();
                    return List.of((long) i++);
                }
            };
            return CompletableFuture.completedFuture(QueryResult.of(List.of("i"), rows));
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session(SessionConfig.builder().withFetchSize(100).build())) {
            Result result = session.run("UNWIND range(0, 9999) AS i RETURN i");
            assertThat(result.next().get("i").asLong()).isZero();
            assertThat(produced.get()).isLessThanOrEqualTo(100 + ResultStream.BATCH);
            long count = 1;
            long sum = 0;
            while (result.hasNext()) {
                sum += result.next().get("i").asLong();
                count++;
            }
            assertThat(count).isEqualTo(10_000);
            assertThat(sum).isEqualTo(9999L * 10000 / 2);
        }
    }

    @Test
    void errorsSurfaceAsTheDriverExceptionsOfTheirClassification() {
        server = BoltServer.builder().port(0).queryHandler(query -> switch (query.statement()) {
            case "bad" -> throw BoltException.argumentError("x must be positive");
            case "boom" -> throw new IllegalStateException("secret internal detail");
            default -> echo(query);
        }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("bad").consume()).isInstanceOf(ClientException.class)
                    .hasMessageContaining("x must be positive")
                    .satisfies(e -> assertThat(((ClientException) e).code()).isEqualTo(StatusCodes.ARGUMENT_ERROR));
            assertThatThrownBy(() -> session.run("boom").consume()).isInstanceOf(DatabaseException.class)
                    .hasMessageNotContaining("secret");
            assertThat(session.run("RETURN $x", Map.of("x", 1L)).single().get("x").asLong()).isEqualTo(1);
        }
        BoltServer unmatched = BoltServer.builder().port(0).start();
        try (Driver other = connect("bolt", unmatched); Session session = other.session()) {
            assertThatThrownBy(() -> session.run("MATCH (n:Nothing) RETURN n").consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("MATCH (n:Nothing) RETURN n");
        } finally {
            unmatched.close();
        }
    }

    @Test
    void authenticationAcceptsGoodAndRefusesBadCredentials() {
        server = BoltServer.builder().port(0).queryHandler(query -> CompletableFuture.completedFuture(
                        QueryResult.single(Map.of("user", query.context().principal().getName()))))
                .authenticator(token -> {
                    if (!"secret".equals(token.credentials())) {
                        throw new BoltException(StatusCodes.UNAUTHORIZED, "wrong password");
                    }
                    return new BoltUser(token.principal());
                }).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThat(session.run("WHO").single().get("user").asString()).isEqualTo("neo4j");
        }
        try (Driver bad = GraphDatabase.driver("bolt://127.0.0.1:" + server.port(), AuthTokens.basic("neo4j", "nope"),
                Config.builder().withoutEncryption().build())) {
            assertThatThrownBy(bad::verifyConnectivity).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("wrong password");
        }
    }

    @Test
    void neo4jSchemeRoutesThroughThisServer() {
        server = BoltServer.builder().port(0).queryHandler(OfficialDriverServerTest::echo).start();
        driver = connect("neo4j", server);
        driver.verifyConnectivity();
        try (Session session = driver.session(SessionConfig.builder().withDefaultAccessMode(
                org.neo4j.driver.AccessMode.READ).build())) {
            assertThat(session.run("RETURN $x", Map.of("x", "routed")).single().get("x").asString()).isEqualTo("routed");
        }
    }

    @Test
    void toolsSeeTheUsersRolesTheBoundAddressAndNoClusterAboveTheApplicationsFallback() {
        // the application answers everything (a fallback handler): built-in answers still rank above it
        server = BoltServer.builder().address("127.0.0.1").port(0)
                .authenticator(token -> new BoltUser(token.principal(), List.of("reader")))
                .queryHandler(OfficialDriverServerTest::echo).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            Record user = session.run("CALL dbms.showCurrentUser()").single();
            assertThat(user.get("roles").asList(Value::asString)).containsExactly("reader");
            Result explained = session.run("EXPLAIN MATCH (n:Author) RETURN n");
            assertThat(explained.hasNext()).as("EXPLAIN runs nothing").isFalse();
            assertThat(explained.consume().plan().operatorType()).startsWith("ProduceResults");
            assertThatThrownBy(() -> session.run("CALL dbms.cluster.overview()").consume())
                    .isInstanceOf(ClientException.class)
                    .hasFieldOrPropertyWithValue("code", "Neo.ClientError.Procedure.ProcedureNotFound");
        }
        try (Session system = driver.session(SessionConfig.forDatabase("system"))) {
            assertThat(system.run("SHOW DATABASES").list(r -> r.get("address").asString()))
                    .containsOnly("127.0.0.1:" + server.port());
        }
    }

    @Test
    void toolQueriesHaveBuiltInAnswers() {
        server = BoltServer.builder().port(0).start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThat(session.run("CALL db.ping()").single().get("success").asBoolean()).isTrue();
            assertThat(session.run("RETURN 1").single().get(0).asLong()).isEqualTo(1);
            Record components = session.run("CALL dbms.components() YIELD name, versions, edition").single();
            assertThat(components.get("versions").asList()).containsExactly("5.26.0");
            assertThat(session.run("CALL dbms.licenseAgreementDetails()").single().get("status").asString())
                    .isEqualTo("yes");
            assertThat(session.run("CALL dbms.showCurrentUser()").single().get("username").asString())
                    .isEqualTo("neo4j");
        }
        try (Session system = driver.session(SessionConfig.forDatabase("system"))) {
            List<String> names = new ArrayList<>();
            system.run("SHOW DATABASES").forEachRemaining(r -> names.add(r.get("name").asString()));
            assertThat(names).containsExactly("neo4j", "system");
            Result config = system.run("CALL dbms.clientConfig()");
            assertThat(config.keys()).containsExactly("name", "description", "value");
            assertThat(config.list()).isEmpty();
            // what Neo4j Browser 5 sends to list procedures and functions
            for (String show : List.of("SHOW PROCEDURES yield name, description, signature",
                    "SHOW FUNCTIONS yield name, description, signature")) {
                List<String> keys = system.executeRead(tx -> {
                    Result r = tx.run(show);
                    r.consume();
                    return r.keys();
                });
                assertThat(keys).as(show).contains("name", "description", "signature");
            }
        }
        // Neo4j Browser's polling, as it sends it (in a read transaction): one `result` column of {name, data}
        try (Session session = driver.session()) {
            Map<String, Object> types = session.executeRead(tx -> resultsByName(tx.run("""
                    CALL db.labels() YIELD label
                    RETURN {name:'labels', data:COLLECT(label)[..1000]} AS result
                    UNION ALL
                    CALL db.relationshipTypes() YIELD relationshipType
                    RETURN {name:'relationshipTypes', data:COLLECT(relationshipType)[..1000]} AS result
                    UNION ALL
                    CALL db.propertyKeys() YIELD propertyKey
                    RETURN {name:'propertyKeys', data:COLLECT(propertyKey)[..1000]} AS result
                    """)));
            assertThat(types).containsExactly(Map.entry("labels", List.of()), Map.entry("relationshipTypes", List.of()),
                    Map.entry("propertyKeys", List.of()));
            Map<String, Object> counts = session.executeRead(tx -> resultsByName(tx.run("""
                    MATCH () RETURN { name:'nodes', data:count(*) } AS result
                    UNION ALL
                    MATCH ()-[]->() RETURN { name:'relationships', data: count(*)} AS result
                    """)));
            assertThat(counts).containsExactly(Map.entry("nodes", 0L), Map.entry("relationships", 0L));
            Map<String, Object> legacy = session.executeRead(tx -> resultsByName(tx.run(
                    SystemQueries.BROWSER_META_LEGACY)));
            assertThat(legacy.keySet()).containsExactly("labels", "relationshipTypes", "propertyKeys", "functions",
                    "procedures", "nodes", "relationships");
        }
    }

    private static Map<String, Object> resultsByName(Result result) {
        assertThat(result.keys()).containsExactly("result");
        Map<String, Object> byName = new LinkedHashMap<>();
        result.forEachRemaining(r -> byName.put(r.get("result").get("name").asString(),
                r.get("result").get("data").asObject()));
        return byName;
    }

    @Test
    void theEmbedderOverridesAndRemovesBuiltInAnswers() {
        server = BoltServer.builder().port(0)
                .systemQueries(SystemQueries.defaults("5.26.0", "neo4j")
                        .with(SystemQueries.BROWSER_META_COUNTS, q -> QueryResult.of(List.of("result"), List.of(
                                List.of(Map.of("name", "nodes", "data", 12L)),
                                List.of(Map.of("name", "relationships", "data", 34L)))))
                        .without("RETURN 1"))
                .queryHandler(query -> CompletableFuture.completedFuture(
                        QueryResult.single(Map.of("handled", query.statement()))))
                .start();
        driver = connect("bolt", server);
        try (Session session = driver.session()) {
            assertThat(resultsByName(session.run(SystemQueries.BROWSER_META_COUNTS)))
                    .containsExactly(Map.entry("nodes", 12L), Map.entry("relationships", 34L));
            assertThat(session.run("return  1;").single().get("handled").asString()).isEqualTo("return  1;");
            assertThat(session.run("CALL db.ping()").single().get("success").asBoolean()).isTrue();
        }
    }

    @Test
    void aSlowHandlerDoesNotStallOtherConnections() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Long> slow = startWithSlowQuery(release, 1L);
        try (Session session = driver.session()) {
            for (int i = 0; i < 20; i++) {
                assertThat(session.run("RETURN $i", Map.of("i", (long) i)).single().get("i").asLong()).isEqualTo(i);
            }
        }
        assertThat(slow).isNotDone();
        release.complete(null);
        assertThat(slow.get()).isEqualTo(1);
    }

    @Test
    void gracefulShutdownLetsRunningWorkFinishThenRefusesTheRest() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        CompletableFuture<Long> finishing = startWithSlowQuery(release, 9L);
        slowRunning.get(10, TimeUnit.SECONDS);
        int port = server.port();
        CompletableFuture<Void> stopped = server.shutdown(Duration.ofSeconds(10));
        assertThat(server.isShuttingDown()).isTrue();
        Await.until("the port is closed", Duration.ofSeconds(5), () -> !accepts(port));
        assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).as("no longer accepting")
                .isInstanceOf(java.net.ConnectException.class);
        assertThat(finishing).as("the running query is still allowed to finish").isNotDone();
        release.complete(null);
        assertThat(finishing.get()).isEqualTo(9);
        stopped.get();
        assertThat(server.activeConnections()).isZero();
    }

    @Test
    void shutdownTimeoutAnswersRunningWorkWithDatabaseUnavailable() throws Exception {
        CompletableFuture<Void> running = new CompletableFuture<>();
        server = BoltServer.builder().port(0).queryHandler(query -> {
            running.complete(null);
            return new CompletableFuture<>();
        }).start();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + server.port(), AuthTokens.none(),
                Config.builder().withoutEncryption().build());
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try (Session session = driver.session()) {
                session.run("never").consume();
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        running.get(10, TimeUnit.SECONDS);
        server.shutdown(Duration.ofMillis(100)).get();
        assertThat(failure.get()).isInstanceOf(TransientException.class)
                .satisfies(e -> assertThat(((TransientException) e).code()).isEqualTo(StatusCodes.DATABASE_UNAVAILABLE));
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
