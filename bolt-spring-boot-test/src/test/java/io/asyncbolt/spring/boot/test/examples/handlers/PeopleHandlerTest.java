package io.asyncbolt.spring.boot.test.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.spring.boot.client.BoltTemplate;
import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import io.asyncbolt.spring.boot.test.handler.BoltHandlerTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** One handler in the slice: it, the advice, the server on port 0 and a client; nothing else of the application. */
@BoltHandlerTest(PeopleHandler.class)
class PeopleHandlerTest {

    @Autowired
    BoltTemplate template;

    @LocalBoltServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theInjectedTemplateAsksTheHandler() {
        assertThat(template.query("MATCH (p:Person {name: $name}) RETURN p").param("name", "Ada")
                .fetchAs(Person.class).single()).isEqualTo(new Person("Ada", 36));
        assertThat(template.query("CALL people.olderThan($age) YIELD name, age").param("age", "40")
                .fetchAs(Person.class).list()).containsExactly(new Person("Grace", 45));
    }

    @Test
    void theOfficialDriverTalksToTheServerOnItsEphemeralPort() {
        assertThat(port).isPositive().isNotEqualTo(7687);
        try (Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none(),
                Config.builder().withoutEncryption().build()); Session session = driver.session()) {
            assertThat(session.run("MATCH (p:Person {name: $name}) RETURN p", Map.of("name", "Grace")).single()
                    .get("age").asLong()).isEqualTo(45);
            assertThatThrownBy(() -> session.run("CALL people.olderThan('forty') YIELD name").consume())
                    .isInstanceOfSatisfying(ClientException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.ArgumentError");
                        assertThat(e.getMessage()).startsWith("not a number: ");
                    });
        }
    }

    @Test
    void onlyTheNamedHandlerAndTheAdviceAreInTheContext() {
        assertThat(context.getBeanNamesForType(PeopleHandler.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(ShopAdvice.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(OrdersHandler.class)).isEmpty();
        assertThat(context.getBeanNamesForType(OrderBook.class)).isEmpty();
        assertThat(context.getBeanNamesForType(StartupReport.class)).isEmpty();
    }
}
