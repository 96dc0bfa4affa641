package io.asyncbolt.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.spring.boot.client.BoltTemplate;
import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import io.asyncbolt.spring.boot.test.handler.BoltHandlerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The sample's handlers in the {@code @BoltHandlerTest} slice: the server on an ephemeral port with the users of
 * application.yml, a BoltTemplate logged in as {@code bolt.client.authentication.*}, no web server, no actuator.
 */
@BoltHandlerTest
class CatalogueHandlersTest {

    @Autowired
    BoltTemplate template;

    @LocalBoltServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theTemplateReadsSearchesAndCreatesBooks() {
        assertThat(template.query("MATCH (b:Book) RETURN b").fetchAs(Book.class).list()).extracting(Book::isbn)
                .containsExactly("978-0", "978-1", "978-2");
        assertThat(template.query("CALL library.search($text) YIELD year").param("text", "shannon")
                .fetchAs(Long.class).single()).isEqualTo(1948L);
        template.query("CREATE (b:Book {isbn: $isbn, title: $title, author: $author, year: $year})")
                .params(Map.of("isbn", "978-7", "title", "Cybernetics", "author", "Norbert Wiener", "year", 1948)).run();
        assertThat(template.query("MATCH (b:Book {isbn: $isbn}) RETURN b").param("isbn", "978-7")
                .fetchAs(Book.class).optional()).map(Book::title).contains("Cybernetics");
    }

    @Test
    void theOfficialDriverLogsInWithTheConfiguredUserAndGetsTheGraph() {
        try (Driver driver = driver(AuthTokens.basic("neo4j", "secret")); Session session = driver.session()) {
            Record row = session.run("MATCH (a:Author)-[w:WROTE]->(b:Book) RETURN a, w, b").list().get(0);
            assertThat(row.get("a").asNode().labels()).containsExactly("Author");
            assertThat(row.get("w").asRelationship().type()).isEqualTo("WROTE");
            assertThat(row.get("b").asNode().get("title").asString()).isNotBlank();
        }
        try (Driver driver = driver(AuthTokens.basic("neo4j", "wrong")); Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("MATCH (b:Book) RETURN b").consume())
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void theSliceHoldsTheHandlersButNotTheReportComponent() {
        assertThat(context.getBeanNamesForType(CatalogueHandler.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(AuthorsHandler.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(CatalogueReport.class)).isEmpty();
        assertThat(port).isPositive().isNotEqualTo(7687);
    }

    private Driver driver(AuthToken token) {
        return GraphDatabase.driver("bolt://127.0.0.1:" + port, token, Config.builder().withoutEncryption().build());
    }
}
