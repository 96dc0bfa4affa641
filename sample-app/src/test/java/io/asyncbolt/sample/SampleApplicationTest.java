package io.asyncbolt.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The sample application as a user meets it: the official driver, BoltTemplate and actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTest {

    private static final int BOLT_PORT = freePort();

    @DynamicPropertySource
    static void boltPort(DynamicPropertyRegistry registry) {
        registry.add("bolt.server.port", () -> BOLT_PORT);
    }

    @LocalServerPort
    int httpPort;

    @Autowired
    CatalogueReport report;

    @Autowired
    MeterRegistry meters;

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCatalogueAnswersTheOfficialDriverTheTemplateAndActuator() throws Exception {
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + BOLT_PORT, AuthTokens.basic("neo4j", "secret"),
                Config.builder().withoutEncryption().build()); Session session = driver.session()) {
            List<Record> all = session.run("MATCH (b:Book) RETURN b").list();
            assertThat(all).extracting(r -> r.get("title").asString()).contains("On Computable Numbers");
            assertThat(session.run("CALL library.search($text) YIELD title, year", Map.of("text", "turing")).single()
                    .get("year").asInt()).isEqualTo(1936);
            assertThat(session.run("CALL library.search('shannon') YIELD title").single().get("title").asString())
                    .startsWith("A Mathematical Theory");
            assertThat(session.run("MATCH (b:Book) WHERE b.year < 1900 RETURN b").single().get("author").asString())
                    .isEqualTo("Ada Lovelace");
            Map<String, Object> book = Map.of("isbn", "978-9", "title", "Cybernetics", "author", "Norbert Wiener",
                    "year", 1948);
            session.run("CREATE (b:Book {isbn: $isbn, title: $title, author: $author, year: $year})", book).consume();
            assertThat(session.run("MATCH (b:Book {isbn: $isbn}) RETURN b", Map.of("isbn", "978-9")).single()
                    .get("title").asString()).isEqualTo("Cybernetics");
            org.neo4j.driver.Result missing = session.run("MATCH (b:Book {isbn: $isbn}) RETURN b",
                    Map.of("isbn", "000"));
            assertThat(missing.keys()).containsExactly("isbn", "title", "author", "year");
            assertThat(missing.list()).isEmpty();
            assertThatThrownBy(() -> session.run("MATCH (b:Book {isbn: $isbn}) RETURN b").consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("isbn");
            assertThatThrownBy(() -> session.run("CREATE (b:Book {isbn: $isbn, title: $title, author: $author, "
                    + "year: $year})", book).consume()).isInstanceOf(ClientException.class)
                    .hasMessageContaining("already exists");
            Record graph = session.run("MATCH (a:Author)-[w:WROTE]->(b:Book) RETURN a, w, b").list().get(0);
            assertThat(graph.get("a").asNode().labels()).containsExactly("Author");
            assertThat(graph.get("w").asRelationship().type()).isEqualTo("WROTE");
            assertThat(session.run("MATCH p = (:Author)-[:WROTE]->(:Book) RETURN p").list().get(0).get("p")
                    .asPath().length()).isEqualTo(1);
        }
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + BOLT_PORT, AuthTokens.basic("neo4j", "secret"),
                Config.builder().withoutEncryption().build()); Session session = driver.session()) {
            assertThat(session.run("RETURN 'something else'").single().get("hint").asString())
                    .contains("does not understand");
            try (org.neo4j.driver.Transaction tx = session.beginTransaction()) {
                assertThat(tx.run("MATCH (b:Book {isbn: $isbn}) RETURN b", Map.of("isbn", "978-0")).single()
                        .get("year").asInt()).isEqualTo(1936);
                tx.commit();
            }
        }
        try (Driver intruder = GraphDatabase.driver("bolt://127.0.0.1:" + BOLT_PORT, AuthTokens.basic("neo4j", "guess"),
                Config.builder().withoutEncryption().build())) {
            assertThatThrownBy(intruder::verifyConnectivity)
                    .isInstanceOf(org.neo4j.driver.exceptions.AuthenticationException.class);
        }
        assertThat(report.books()).extracting(Book::title).contains("Cybernetics");
        assertThat(meters.get("bolt.server.requests").tag("handler", "CatalogueHandler.all").tag("outcome", "SUCCESS")
                .timer().count()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("bolt.server.connections.rejected").tag("reason", "authentication").counter().count())
                .isEqualTo(1);
        assertThat(meters.get("bolt.server.connections").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("bolt.server.requests").tag("handler", "CatalogueHandler.create").tag("outcome", "FAILURE")
                .tag("error.classification", "ClientError").timer().count()).isEqualTo(1);
        assertThat(meters.get("bolt.server.requests").tag("handler", "CatalogueHandler.fallback")
                .tag("outcome", "SUCCESS").timer().count()).isEqualTo(1);
        assertThat(meters.get("bolt.server.requests").tag("handler", "AuthorsHandler.authorsAndBooks").timer())
                .as("registered at startup").isNotNull();
        assertThat(meters.get("bolt.server.bytes.received").counter().count()).isPositive();
        assertThat(meters.get("bolt.server.bytes.sent").counter().count()).isPositive();
        assertThat(meters.get("bolt.server.connections.active").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(meters.get("bolt.client.requests").tag("outcome", "SUCCESS").timer().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get("bolt.client.connections.acquire").tag("outcome", "SUCCESS").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.get("bolt.client.connections.max").gauge().value()).isEqualTo(100);
        assertThat(meters.get("bolt.client.connections.idle").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(meters.getMeters()).filteredOn(meter -> meter.getId().getName().startsWith("bolt."))
                .as("low-cardinality tags only").isNotEmpty()
                .allSatisfy(meter -> assertThat(meter.getId().getTags()).extracting(io.micrometer.core.instrument.Tag::getKey)
                        .isSubsetOf("handler", "outcome", "error.classification", "error", "reason"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.body()).containsPattern("\"boltServer\":\\{[^}]*}[^}]*\"status\":\"UP\"")
                .containsPattern("\"boltClient\":\\{[^}]*}[^}]*\"status\":\"UP\"");
    }
}
