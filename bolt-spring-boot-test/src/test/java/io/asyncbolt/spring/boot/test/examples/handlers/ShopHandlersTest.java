package io.asyncbolt.spring.boot.test.examples.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.spring.boot.client.BoltConnectionDetails;
import io.asyncbolt.spring.boot.client.BoltTemplate;
import io.asyncbolt.spring.boot.server.LocalBoltServerPort;
import io.asyncbolt.spring.boot.test.handler.BoltHandlerTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** Every handler of the application in the slice; the service one of them needs is a mock. */
@BoltHandlerTest
class ShopHandlersTest {

    @MockitoBean
    OrderBook orders;

    @Autowired
    BoltClient client;

    @Autowired
    BoltTemplate template;

    @LocalBoltServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theInjectedClientReachesEveryHandler() {
        given(orders.count()).willReturn(7L);

        List<Record> rows = client.session().run("MATCH (o:Order) RETURN count(o) AS n")
                .thenCompose(ResultCursor::listAsync).toCompletableFuture().join();
        assertThat(rows).singleElement().satisfies(row -> assertThat(row.get("n")).isEqualTo(7L));
        assertThat(template.query("MATCH (p:Person {name: $name}) RETURN p").param("name", "Ada")
                .fetchAs(Person.class).optional()).contains(new Person("Ada", 36));
    }

    @Autowired
    BoltConnectionDetails details;

    @Test
    void theClientIsConnectedToTheSlicesServerAndOnlyHandlersAreInTheContext() {
        assertThat(details.uri()).isEqualTo("bolt://127.0.0.1:" + port);
        assertThat(context.getBeansWithAnnotation(io.asyncbolt.spring.boot.server.BoltHandler.class))
                .containsOnlyKeys("peopleHandler", "ordersHandler");
        assertThat(context.getBeanNamesForType(StartupReport.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("local.bolt.server.port", Integer.class)).isEqualTo(port);
    }
}
