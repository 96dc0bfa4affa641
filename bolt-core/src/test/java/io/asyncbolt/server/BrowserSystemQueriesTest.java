package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

/** Neo4j Browser's relationship completion, {@code :sysinfo} and sidebar polls against an embedded server. */
class BrowserSystemQueriesTest {

    private final AtomicInteger handled = new AtomicInteger();
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

    private Session session(SystemQueries system) {
        BoltServer.Builder builder = BoltServer.builder().port(0).queryHandler(query -> {
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(QueryResult.single(Map.of("hint", "application")));
        });
        server = (system == null ? builder : builder.systemQueries(system)).start();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + server.port(), AuthTokens.none(),
                Config.builder().withoutEncryption().build());
        return driver.session();
    }

    @Test
    void relationshipCompletionAndQueryJmxAreAnsweredBeforeTheApplication() {
        try (Session session = session(null)) {
            Result related = session.run("MATCH (a)-[r]->(b) WHERE id(a) IN $existingNodeIds AND id(b) IN $newNodeIds "
                    + "RETURN r;", Values.parameters("existingNodeIds", List.of(1L), "newNodeIds", List.of(2L)));
            assertThat(related.keys()).containsExactly("r");
            assertThat(related.list()).isEmpty();
            Result sysinfo = session.run("CALL dbms.queryJmx(\"neo4j.metrics:name=neo4j.database.neo4j.store.size.total\")"
                    + " YIELD name, attributes RETURN \"Store Size\" AS group, name, attributes UNION ALL\n"
                    + "CALL dbms.queryJmx(\"neo4j.metrics:name=neo4j.page_cache.hits\") YIELD name, attributes"
                    + " RETURN \"Page Cache\" AS group, name, attributes;");
            assertThat(sysinfo.keys()).containsExactly("group", "name", "attributes");
            assertThat(sysinfo.list()).isEmpty();
            Result legacy = session.run("CALL dbms.queryJmx('org.neo4j:*')");
            assertThat(legacy.keys()).containsExactly("name", "description", "attributes");
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void aCatalogAnswersTheSchemaProceduresAndTheBrowsersPolls() {
        SystemQueries.Catalog catalog = new SystemQueries.Catalog(List.of("Author", "Book"), List.of("WROTE"),
                List.of("name", "isbn"), 5, 3);
        try (Session session = session(SystemQueries.defaults("5.26.0", "neo4j").withCatalog(() -> catalog))) {
            assertThat(session.run("CALL db.labels()").list(r -> r.get("label").asString()))
                    .containsExactly("Author", "Book");
            assertThat(session.run("CALL db.propertyKeys()").list(r -> r.get("propertyKey").asString()))
                    .containsExactly("name", "isbn");
            assertThat(session.run("MATCH () RETURN count(*) AS count").single().get("count").asLong()).isEqualTo(5);
            Map<String, Object> types = new java.util.LinkedHashMap<>();
            session.run(SystemQueries.BROWSER_META_TYPES).forEachRemaining(r -> types.put(
                    r.get("result").get("name").asString(), r.get("result").get("data").asObject()));
            assertThat(types).containsExactly(Map.entry("labels", List.of("Author", "Book")),
                    Map.entry("relationshipTypes", List.of("WROTE")), Map.entry("propertyKeys", List.of("name", "isbn")));
            Map<String, Object> counts = new java.util.LinkedHashMap<>();
            session.run(SystemQueries.BROWSER_META_COUNTS).forEachRemaining(r -> counts.put(
                    r.get("result").get("name").asString(), r.get("result").get("data").asObject()));
            assertThat(counts).containsExactly(Map.entry("nodes", 5L), Map.entry("relationships", 3L));
        }
    }
}
