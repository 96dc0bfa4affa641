package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.peers.NodeDriverRunner;
import io.asyncbolt.protocol.BoltVersion;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The npm neo4j-driver (Node.js) against the server, over TCP and over WebSocket. */
class NodeDriverServerTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();
    private BoltServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(List<BoltVersion> versions) {
        server = BoltServer.builder().port(0).versions(versions)
                .authenticator(token -> {
                    if (!"secret".equals(token.credentials())) {
                        throw new BoltException(StatusCodes.UNAUTHORIZED, "wrong password");
                    }
                    return new BoltUser(token.principal());
                })
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<String> commit(Transaction tx) {
                        events.add("commit");
                        return CompletableFuture.completedFuture(null);
                    }

                    @Override
                    public CompletableFuture<Void> rollback(Transaction tx) {
                        events.add("rollback");
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .queryHandler(query -> {
                    if (query.statement().equals("FLAKY") && attempts.incrementAndGet() == 1) {
                        throw BoltException.transientError("once more");
                    }
                    if (query.statement().equals("BAD")) {
                        throw BoltException.syntaxError("Invalid input 'BAD'");
                    }
                    if (query.statement().equals("COUNT")) {
                        List<List<?>> rows = new java.util.ArrayList<>();
                        for (long i = 0; i < 2500; i++) {
                            rows.add(List.of(i));
                        }
                        return CompletableFuture.completedFuture(QueryResult.of(List.of("i"), rows));
                    }
                    Map<String, Object> row = new LinkedHashMap<>(query.parameters());
                    if (query.statement().equals("UUID")) {
                        row.put("serverId", SERVER_ID);
                        row.put("paramType", row.get("id") == null ? "none" : row.get("id").getClass().getName());
                    }
                    return CompletableFuture.completedFuture(QueryResult.single(row));
                }).start();
    }

    private static final UUID SERVER_ID = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    private static final String JS_ID = "f47ac10b-58cc-4372-a567-0e02b2c3d479";

    @ParameterizedTest(name = "websocket={0}")
    @ValueSource(booleans = {false, true})
    void theJsDriverSpeaks61AndExchangesUuids(boolean websocket) throws Exception {
        start(BoltVersion.ALL);
        JsonNode results = NodeDriverRunner.run(scenario(websocket, List.of(
                Map.of("run", "UUID", "params", Map.of("id", Map.of("$uuid", JS_ID))))));
        JsonNode result = results.get(0);
        assertThat(result.get("protocol").asString()).isEqualTo("6.1");
        JsonNode row = result.get("records").get(0);
        assertThat(row.get("paramType").asString()).as("the handler gets a java.util.UUID")
                .isEqualTo(UUID.class.getName());
        assertThat(row.get("id").get("$uuid").asString()).isEqualTo(JS_ID);
        assertThat(row.get("serverId").get("$uuid").asString()).isEqualTo(SERVER_ID.toString());
    }

    @Test
    void theJsDriverOn60SeesAServerUuidAsUnsupportedTypeAndOn58AsAPlaceholderMap() throws Exception {
        start(List.of(BoltVersion.V6_0));
        JsonNode on60 = NodeDriverRunner.run(scenario(false, List.of(Map.of("run", "UUID")))).get(0);
        assertThat(on60.get("protocol").asString()).isEqualTo("6.0");
        JsonNode unsupported = on60.get("records").get(0).get("serverId").get("$unsupported");
        assertThat(unsupported.get("name").asString()).isEqualTo("UUID");
        assertThat(unsupported.get("minimumProtocolVersion").asString()).isEqualTo("6.1");
        server.close();

        start(List.of(BoltVersion.V5_8));
        JsonNode results = NodeDriverRunner.run(scenario(false, List.of(Map.of("run", "UUID"),
                Map.of("run", "UUID", "params", Map.of("id", Map.of("$uuid", JS_ID))))));
        JsonNode on58 = results.get(0);
        assertThat(on58.get("protocol").asString()).isEqualTo("5.8");
        JsonNode placeholder = on58.get("records").get(0).get("serverId");
        assertThat(placeholder.get("originalType").asString()).isEqualTo("UUID");
        assertThat(placeholder.get("reason").asString()).isEqualTo("UNKNOWN_TYPE");
        // the JS driver itself refuses to pack a UUID below 6.1 (6.3.0 leaves the bytes of the RUN it had
        // begun in its buffer, in front of its next message, which this server then refuses as malformed)
        assertThat(results.get(1).get("error").get("message").asString()).contains("Cannot pack UUID");
    }

    private Map<String, Object> scenario(boolean websocket, List<Map<String, Object>> steps) {
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("url", "bolt://127.0.0.1:" + server.port());
        scenario.put("user", "neo4j");
        scenario.put("password", "secret");
        scenario.put("websocket", websocket);
        scenario.put("steps", steps);
        return scenario;
    }

    @ParameterizedTest(name = "websocket={0}")
    @ValueSource(booleans = {false, true})
    void theJsDriverRunsQueriesTransactionsAndRetries(boolean websocket) throws Exception {
        start(BoltVersion.ALL);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("i", Map.of("$int", "9007199254740993"));
        params.put("f", 2.5);
        params.put("s", "héllo");
        params.put("l", List.of(1, "two"));
        params.put("m", Map.of("k", true));
        params.put("d", Map.of("$date", "2024-02-29"));
        JsonNode results = NodeDriverRunner.run(scenario(websocket, List.of(
                Map.of("run", "RETURN $params", "params", params),
                Map.of("tx", List.of(Map.of("query", "RETURN $a", "params", Map.of("a", "in tx"))), "commit", true),
                Map.of("tx", List.of(Map.of("query", "RETURN $a", "params", Map.of("a", "undone"))), "commit", false),
                Map.of("executeWrite", "FLAKY", "params", Map.of("ok", true)),
                Map.of("run", "BAD"),
                Map.of("run", "COUNT", "fetchSize", 100))));

        JsonNode first = results.get(0);
        assertThat(first.get("server").asString()).startsWith("Neo4j/");
        JsonNode row = first.get("records").get(0);
        assertThat(row.get("i").get("$int").asString()).isEqualTo("9007199254740993");
        assertThat(row.get("f").get("$float").asDouble()).isEqualTo(2.5);
        assertThat(row.get("s").asString()).isEqualTo("héllo");
        assertThat(row.get("l").get(1).asString()).isEqualTo("two");
        assertThat(row.get("m").get("k").asBoolean()).isTrue();
        assertThat(row.get("d").get("$temporal").asString()).isEqualTo(LocalDate.of(2024, 2, 29).toString());
        assertThat(results.get(1).get("tx").get(0).get("records").get(0).get("a").asString()).isEqualTo("in tx");
        assertThat(results.get(1).get("bookmarks").size()).isEqualTo(1);
        assertThat(results.get(3).get("records").get(0).get("ok").asBoolean()).isTrue();
        assertThat(attempts).hasValue(2);
        assertThat(results.get(4).get("error").get("code").asString()).isEqualTo(StatusCodes.SYNTAX_ERROR);
        assertThat(results.get(5).get("records").size()).isEqualTo(2500);
        assertThat(events).containsExactly("commit", "rollback", "rollback", "commit");
    }

    @Test
    void theJsDriverNegotiatesItsLowestSharedVersionAndRefusesBadCredentials() throws Exception {
        start(List.of(BoltVersion.V4_4));
        JsonNode results = NodeDriverRunner.run(scenario(false, List.of(Map.of("run", "RETURN $x",
                "params", Map.of("x", "four")))));
        assertThat(results.get(0).get("protocol").asString()).isEqualTo("4.4");
        assertThat(results.get(0).get("records").get(0).get("x").asString()).isEqualTo("four");

        Map<String, Object> wrong = scenario(false, List.of(Map.of("run", "RETURN 1")));
        wrong.put("password", "nope");
        JsonNode refused = NodeDriverRunner.run(wrong);
        assertThat(refused.get(0).get("error").get("code").asString()).isEqualTo(StatusCodes.UNAUTHORIZED);
    }
}
