package io.asyncbolt.spring.boot.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;

/** {@code @Transactional} methods run their BoltTemplate queries in one Bolt transaction. */
class BoltTransactionManagerTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private BoltServer server;

    public static class Orders {
        private final BoltTemplate template;

        public Orders(BoltTemplate template) {
            this.template = template;
        }

        @Transactional
        public void placeTwo(boolean fail) {
            template.query("CREATE ORDER").param("n", 1).run();
            template.query("CREATE ORDER").param("n", 2).run();
            if (fail) {
                throw new IllegalStateException("out of stock");
            }
        }

        @Transactional(readOnly = true)
        public String mode() {
            return template.query("MODE").fetchAs(String.class).single();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableTransactionManagement
    static class App {
        @org.springframework.context.annotation.Bean
        Orders orders(BoltTemplate template) {
            return new Orders(template);
        }
    }

    @BeforeEach
    void start() {
        server = BoltServer.builder().port(0)
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<Void> begin(Transaction tx) {
                        events.add("begin " + tx.context().accessMode());
                        return CompletableFuture.completedFuture(null);
                    }

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
                    events.add(query.statement() + (query.transaction() != null ? " in tx" : " auto"));
                    return CompletableFuture.completedFuture(QueryResult.single(Map.of("mode",
                            query.context().accessMode().name())));
                }).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void commitsOnSuccessRollsBackOnFailureAndHonoursReadOnly() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BoltClientAutoConfiguration.class))
                .withUserConfiguration(App.class)
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:" + server.port())
                .run(context -> {
                    Orders orders = context.getBean(Orders.class);
                    orders.placeTwo(false);
                    assertThat(events).containsExactly("begin WRITE", "CREATE ORDER in tx", "CREATE ORDER in tx", "commit");
                    events.clear();
                    assertThatThrownBy(() -> orders.placeTwo(true)).hasMessage("out of stock");
                    assertThat(events).containsExactly("begin WRITE", "CREATE ORDER in tx", "CREATE ORDER in tx",
                            "rollback");
                    events.clear();
                    assertThat(orders.mode()).isEqualTo("READ");
                    context.getBean(BoltTemplate.class).query("OUTSIDE").run();
                    assertThat(events).containsExactly("begin READ", "MODE in tx", "commit", "OUTSIDE auto");
                });
    }
}
