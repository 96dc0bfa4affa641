package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.SystemQueries;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * What Neo4j Browser asks an application with handler beans and a fallback, in the Browser's own words
 * (its relationship completion, {@code :sysinfo}, the sidebar's polls), through the official driver.
 */
class BrowserQueriesTest {

    /** Neo4j Browser 5's relationship completion after drawing nodes, as it sends it. */
    static final String RELATIONSHIP_COMPLETION =
            "MATCH (a)-[r]->(b) WHERE id(a) IN $existingNodeIds AND id(b) IN $newNodeIds RETURN r;";

    /** Two of the metrics queries {@code :sysinfo} joins (the Browser's constructQuery), as it sends them. */
    static final String SYSINFO = "CALL dbms.queryJmx(\"neo4j.metrics:name=neo4j.database.neo4j.store.size.total\")"
            + " YIELD name, attributes RETURN \"Store Size\" AS group, name, attributes UNION ALL\n"
            + "CALL dbms.queryJmx(\"neo4j.metrics:name=neo4j.database.neo4j.page_cache.hits\")"
            + " YIELD name, attributes RETURN \"Page Cache\" AS group, name, attributes;";

    static final String META_TYPES = """

            CALL db.labels() YIELD label
            RETURN {name:'labels', data:COLLECT(label)[..1000]} AS result
            UNION ALL
            CALL db.relationshipTypes() YIELD relationshipType
            RETURN {name:'relationshipTypes', data:COLLECT(relationshipType)[..1000]} AS result
            UNION ALL
            CALL db.propertyKeys() YIELD propertyKey
            RETURN {name:'propertyKeys', data:COLLECT(propertyKey)[..1000]} AS result
            """;

    static final String META_COUNTS = """

            MATCH () RETURN { name:'nodes', data:count(*) } AS result
            UNION ALL
            MATCH ()-[]->() RETURN { name:'relationships', data: count(*)} AS result
            """;

    static final AtomicInteger fallbackCalls = new AtomicInteger();

    @BoltHandler
    static class Library {
        @BoltQuery("MATCH (a:Author)-[w:WROTE]->(b:Book) RETURN a, w, b")
        List<Map<String, Object>> graph() {
            return List.of();
        }

        @BoltQuery("MATCH (b:Book {isbn: $isbn}) RETURN b.title AS title")
        String title(String isbn) {
            return "?";
        }

        @BoltQuery(pattern = "MATCH \\(p:Publisher\\) WHERE p.name = '(?<name>\\w+)' RETURN p", columns = "p")
        String publisher(String name) {
            return name;
        }

        @BoltQuery(fallback = true, columns = "hint")
        String fallback(String statement) {
            fallbackCalls.incrementAndGet();
            return "not understood: " + statement;
        }
    }

    @BoltHandler
    static class Related {
        @BoltQuery(RELATIONSHIP_COMPLETION)
        List<io.asyncbolt.value.Relationship> relationships(List<Long> existingNodeIds, List<Long> newNodeIds) {
            return List.of(new io.asyncbolt.value.Relationship(7, "r7", existingNodeIds.get(0), "n" + existingNodeIds.get(0),
                    newNodeIds.get(0), "n" + newNodeIds.get(0), "WROTE", Map.of()));
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class))
            .withPropertyValues("bolt.server.port=0");

    private static Driver driver(ApplicationContext context) {
        int port = context.getBean(BoltServerLifecycle.class).getServer().port();
        return GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
                Config.builder().withoutEncryption().build());
    }

    private static Map<String, Object> byName(Result result) {
        assertThat(result.keys()).containsExactly("result");
        Map<String, Object> byName = new LinkedHashMap<>();
        result.forEachRemaining(r -> byName.put(r.get("result").get("name").asString(),
                r.get("result").get("data").asObject()));
        return byName;
    }

    @Test
    void theBrowsersRelationshipCompletionAndSysinfoAreAnsweredAboveTheFallback() {
        fallbackCalls.set(0);
        runner.withUserConfiguration(Library.class).run(context -> {
            try (Driver driver = driver(context); Session session = driver.session()) {
                List<String> keys = session.executeRead(tx -> {
                    Result r = tx.run(RELATIONSHIP_COMPLETION, Values.parameters("existingNodeIds", List.of(1L, 2L),
                            "newNodeIds", List.of(2L)));
                    assertThat(r.list()).isEmpty();
                    return r.keys();
                });
                assertThat(keys).containsExactly("r");
                assertThat(session.run(RELATIONSHIP_COMPLETION, Values.parameters("existingNodeIds", List.of(1L),
                        "newNodeIds", List.of(2L))).list()).isEmpty();
                Result sysinfo = session.run(SYSINFO);
                assertThat(sysinfo.keys()).as("the fields :sysinfo reads").containsExactly("group", "name", "attributes");
                assertThat(sysinfo.list()).isEmpty();
                Result legacy = session.run("CALL dbms.queryJmx(\"org.neo4j:*\")");
                assertThat(legacy.keys()).containsExactly("name", "description", "attributes");
                assertThat(legacy.list()).isEmpty();
            }
            assertThat(fallbackCalls).hasValue(0);
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSidebarListsTheLabelsTypesAndKeysOfTheHandlersAndTheDeclaredCounts() {
        runner.withUserConfiguration(Library.class).withPropertyValues("bolt.server.catalog.labels=Series",
                "bolt.server.catalog.node-count=42", "bolt.server.catalog.relationship-count=7").run(context -> {
            try (Driver driver = driver(context); Session session = driver.session()) {
                Map<String, Object> types = session.executeRead(tx -> byName(tx.run(META_TYPES)));
                assertThat(types).containsEntry("labels", List.of("Author", "Book", "Publisher", "Series"))
                        .containsEntry("relationshipTypes", List.of("WROTE"));
                assertThat((List<Object>) types.get("propertyKeys")).containsExactlyInAnyOrder("isbn", "title", "name");
                Map<String, Object> counts = session.executeRead(tx -> byName(tx.run(META_COUNTS)));
                assertThat(counts)
                        .containsExactly(Map.entry("nodes", 42L), Map.entry("relationships", 7L));
                assertThat(session.run("CALL db.labels()").list(r -> r.get("label").asString()))
                        .containsExactly("Author", "Book", "Publisher", "Series");
                assertThat(session.run("CALL db.relationshipTypes()").single().get("relationshipType").asString())
                        .isEqualTo("WROTE");
            }
        });
    }

    @Test
    void aCatalogBeanTellsTheSidebarWhatTheDataHoldsNow() {
        AtomicInteger books = new AtomicInteger(3);
        runner.withUserConfiguration(Library.class)
                .withBean(BoltGraphCatalog.class, () -> () -> new SystemQueries.Catalog(List.of("Book"), List.of(),
                        List.of("isbn"), books.get(), 0))
                .run(context -> {
                    try (Driver driver = driver(context); Session session = driver.session()) {
                        assertThat(byName(session.run(META_TYPES))).containsEntry("labels", List.of("Book"))
                                .containsEntry("propertyKeys", List.of("isbn"));
                        assertThat(byName(session.run(META_COUNTS))).containsEntry("nodes", 3L);
                        books.set(4);
                        assertThat(byName(session.run(META_COUNTS))).containsEntry("nodes", 4L);
                    }
                });
    }

    @Test
    void anApplicationThatMapsTheCompletionQueryAnswersItAndItsSystemQueriesBeanIsUsed() {
        runner.withUserConfiguration(Related.class).run(context -> {
            try (Driver driver = driver(context); Session session = driver.session()) {
                List<Value> related = session.run(RELATIONSHIP_COMPLETION, Values.parameters("existingNodeIds",
                        List.of(1L), "newNodeIds", List.of(2L))).list(r -> r.get(0));
                assertThat(related).hasSize(1);
                assertThat(related.get(0).asRelationship().type()).isEqualTo("WROTE");
            }
        });
        runner.withUserConfiguration(Library.class)
                .withBean(SystemQueries.class, () -> SystemQueries.defaults("5.26.0", "neo4j").without("CALL db.ping()"))
                .run(context -> {
                    try (Driver driver = driver(context); Session session = driver.session()) {
                        List<String> hints = new ArrayList<>();
                        session.run("CALL db.ping()").forEachRemaining(r -> hints.add(r.get("hint").asString()));
                        assertThat(hints).containsExactly("not understood: CALL db.ping()");
                    }
                });
    }
}
