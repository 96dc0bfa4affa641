package io.asyncbolt.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import org.springframework.boot.test.context.SpringBootTest;

/** The sample application as a user meets it: the official Neo4j driver against the running app. */
@SpringBootTest(properties = "bolt.server.port=0")
class SampleApplicationTest {

    @LocalBoltServerPort
    int port;

    @Test
    void theCatalogueAnswersTheOfficialDriver() {
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("reader", "pw"),
                Config.builder().withoutEncryption().build()); Session session = driver.session()) {
            List<Record> all = session.run("MATCH (b:Book) RETURN b").list();
            assertThat(all).extracting(r -> r.get("title").asString()).contains("On Computable Numbers");
            assertThat(session.run("CALL library.search($text) YIELD title, year", Map.of("text", "turing")).single().get("year").asInt())
                    .isEqualTo(1936);
            assertThat(session.run("MATCH (b:Book) WHERE b.year < 1900 RETURN b").single().get("author").asString())
                    .isEqualTo("Ada Lovelace");
            Map<String, Object> book = Map.of("isbn", "978-9", "title", "Cybernetics", "author", "Norbert Wiener",
                    "year", 1948);
            session.run("CREATE (b:Book {isbn: $isbn, title: $title, author: $author, year: $year})", book).consume();
            assertThat(session.run("MATCH (b:Book {isbn: $isbn}) RETURN b", Map.of("isbn", "978-9")).single()
                    .get("title").asString()).isEqualTo("Cybernetics");
            assertThatThrownBy(() -> session.run("CREATE (b:Book {isbn: $isbn, title: $title, author: $author, "
                    + "year: $year})", book).consume()).isInstanceOf(ClientException.class)
                    .hasMessageContaining("already exists");
        }
    }
}
