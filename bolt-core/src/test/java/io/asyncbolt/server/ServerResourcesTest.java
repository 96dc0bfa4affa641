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
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the server keeps and logs stays bounded: busy pools, floods of refusals (timers: TransactionTimeoutTimerTest). */
class ServerResourcesTest {

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
