package io.asyncbolt.spring.boot.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import io.asyncbolt.spring.boot.client.BoltTemplate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An application with nothing but the starter (no {@code @EnableTransactionManagement}, no extra module):
 * {@code @Transactional} methods commit or roll back their BoltTemplate writes, as in any Boot application.
 */
class StarterTransactionsTest {

    @SpringBootApplication(proxyBeanMethods = false)
    static class App {
        @Bean
        Orders orders(BoltTemplate template) {
            return new Orders(template);
        }
    }

    @Service
    static class Orders {
        private final BoltTemplate template;

        Orders(BoltTemplate template) {
            this.template = template;
        }

        @Transactional
        public void place(boolean fail) {
            template.query("CREATE ORDER").run();
            if (fail) {
                throw new IllegalStateException("out of stock");
            }
        }
    }

    @Test
    void transactionalMethodsRollBackWhenTheyThrow() {
        List<String> events = new CopyOnWriteArrayList<>();
        try (BoltServer server = BoltServer.builder().address("127.0.0.1").port(0)
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<Void> begin(Transaction tx) {
                        events.add("begin");
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
                    events.add(query.statement() + (query.transaction() != null ? " in tx" : " auto-commit"));
                    return CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true)));
                }).start();
             ConfigurableApplicationContext context = new SpringApplication(App.class).run(
                     "--bolt.client.uri=bolt://127.0.0.1:" + server.port(), "--bolt.server.enabled=false",
                     "--spring.main.banner-mode=off")) {
            Orders orders = context.getBean(Orders.class);

            assertThatThrownBy(() -> orders.place(true)).hasMessage("out of stock");
            assertThat(events).containsExactly("begin", "CREATE ORDER in tx", "rollback");
            events.clear();
            orders.place(false);
            assertThat(events).containsExactly("begin", "CREATE ORDER in tx", "commit");
        }
    }
}
