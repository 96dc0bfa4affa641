package io.asyncbolt.spring.boot.test.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import io.asyncbolt.spring.boot.test.handler.BoltHandlerTest;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.springframework.context.annotation.Import;

/** A handler with the real service it needs ({@code @Import}), and server settings from {@code properties}. */
@BoltHandlerTest(value = OrdersHandler.class, properties = "bolt.server.agent=Neo4j/5.26.99")
@Import(OrderBook.class)
class OrdersHandlerTest {

    @LocalBoltServerPort
    int port;

    @Test
    void theOfficialDriverGetsTheServicesAnswerFromTheConfiguredServer() {
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
                Config.builder().withoutEncryption().build()); Session session = driver.session()) {
            var result = session.run("MATCH (o:Order) RETURN count(o) AS n");
            assertThat(result.single().get("n").asLong()).isEqualTo(42);
            assertThat(result.consume().server().agent()).isEqualTo("Neo4j/5.26.99");
        }
    }
}
