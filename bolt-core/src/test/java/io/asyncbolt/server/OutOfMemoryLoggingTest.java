package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** An OutOfMemoryError is an operator's emergency: logged at ERROR wherever the server catches it, never below. */
class OutOfMemoryLoggingTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("io.asyncbolt");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void listen() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(appender);
    }

    private List<ILoggingEvent> outOfMemoryEvents() {
        return appender.list.stream().filter(e -> e.getThrowableProxy() != null
                && e.getThrowableProxy().getClassName().equals(OutOfMemoryError.class.getName())
                || e.getFormattedMessage().contains("OutOfMemoryError")).toList();
    }

    @Test
    void aHandlerRunningOutOfMemoryIsLoggedAtErrorAndTheClientGetsAFailure() throws Exception {
        try (BoltServer server = BoltServer.builder().port(0)
                .queryHandler(q -> {
                    throw new OutOfMemoryError("Direct buffer memory (test)");
                })
                .start();
                RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(BoltVersion.V5_0);
            client.send(new HelloMessage(Map.of("user_agent", "raw/1"), Map.of("scheme", "none")));
            client.receive();
            client.send(new RunMessage("MATCH (n) RETURN n", Map.of()), PullMessage.all());

            assertThat(client.receive()).isInstanceOf(FailureMessage.class);
            assertThat(outOfMemoryEvents()).isNotEmpty().allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
        }
    }

    @Test
    void anOutOfMemoryErrorInTheWebSocketHandlersIsLoggedAtErrorAndClosesTheConnection() {
        // stands for the frame aggregator running out of direct memory while it assembles a message
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                throw new OutOfMemoryError("Direct buffer memory (test)");
            }
        }, new WebSocketBoltCodec());

        Throwable escaped = null;
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        } catch (Throwable e) { // caught here: JUnit would end the whole test JVM on an OutOfMemoryError
            escaped = e;
        }

        assertThat(escaped).as("the error is handled, not left for the end of the pipeline").isNull();
        assertThat(channel.isOpen()).as("the connection is closed").isFalse();
        assertThat(outOfMemoryEvents()).isNotEmpty().allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR));
        channel.finishAndReleaseAll();
    }
}
