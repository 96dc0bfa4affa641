package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionConfig;
import org.slf4j.LoggerFactory;

/** What the server keeps and logs stays bounded: transaction timers, busy pools, floods of refusals. */
class ServerResourcesTest {

    @Test
    void aCommittedTransactionWithALongTimeoutIsNotKeptAliveByItsTimer() throws Exception {
        List<WeakReference<Transaction>> begun = new CopyOnWriteArrayList<>();
        try (BoltServer server = BoltServer.builder().port(0)
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<Void> begin(Transaction transaction) {
                        begun.add(new WeakReference<>(transaction));
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true))))
                .start();
                Driver driver = GraphDatabase.driver("bolt://127.0.0.1:" + server.port(), AuthTokens.none(),
                        Config.builder().withoutEncryption().build())) {
            try (Session session = driver.session()) {
                for (int i = 0; i < 20; i++) {
                    session.executeWrite(tx -> tx.run("RETURN 1").consume(),
                            TransactionConfig.builder().withTimeout(Duration.ofHours(1)).build());
                }
            }
            assertThat(begun).hasSize(20);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (begun.stream().anyMatch(ref -> ref.get() != null) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertThat(begun.stream().filter(ref -> ref.get() != null).count())
                    .as("transactions still reachable after their commit (an hour-long timer holds them)").isZero();
        }
    }

    @Test
    void aFullHandlerPoolDuringAuthenticationIsATransientBusyErrorNotWrongCredentials() throws Exception {
        try (BoltServer server = BoltServer.builder().port(0)
                .executor(command -> {
                    throw new RejectedExecutionException("pool full");
                })
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true))))
                .start();
                RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(BoltVersion.V5_0);
            client.send(new HelloMessage(Map.of("user_agent", "raw/1"),
                    Map.of("scheme", "basic", "principal", "u", "credentials", "p")));
            BoltMessage answer = client.receive();

            assertThat(answer).isInstanceOfSatisfying(FailureMessage.class, failure -> {
                assertThat(failure.code()).startsWith("Neo.TransientError.");
                assertThat(failure.code()).doesNotContain("Security");
            });
        }
    }

    @Test
    void aFloodOfConnectionsAtTheLimitLogsFewWarnings() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(BoltServer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (BoltServer server = BoltServer.builder().port(0).maxConnections(1)
                .queryHandler(q -> CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true))))
                .start();
                RawBoltClient first = new RawBoltClient(server.port())) {
            first.handshake(BoltVersion.V5_0); // answered: the one allowed connection is in
            for (int i = 0; i < 50; i++) {
                Socket refused = new Socket("127.0.0.1", server.port());
                refused.setSoTimeout(2000);
                assertThat(refused.getInputStream().read()).as("closed by the server").isEqualTo(-1);
                refused.close();
            }
            long warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().startsWith("Refusing connection")).count();
            assertThat(warnings).as("50 refusals within seconds").isBetween(1L, 2L);
        } finally {
            logger.detachAppender(appender);
        }
    }
}
