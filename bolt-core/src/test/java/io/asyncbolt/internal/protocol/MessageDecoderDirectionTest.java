package io.asyncbolt.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A decoder knows which side it serves: a message travelling the wrong way is an error, never dropped. */
class MessageDecoderDirectionTest {

    private static final BoltProtocol PROTOCOL = BoltProtocol.forVersion(BoltVersion.V5_8);
    private static final List<BoltMessage> RESPONSES = List.of(new SuccessMessage(Map.of("fields", List.of())),
            new RecordMessage(List.of(1L, "x")), FailureMessage.of("Neo.ClientError.Statement.SyntaxError", "no"),
            IgnoredMessage.INSTANCE);
    private static final List<BoltMessage> REQUESTS = List.of(new RunMessage("RETURN 1", Map.of()),
            PullMessage.all(), ResetMessage.INSTANCE);

    private static ByteBuf encoded(BoltMessage message) {
        ByteBuf buf = Unpooled.buffer();
        PROTOCOL.encode(message, buf);
        return buf;
    }

    @Test
    void aServersDecoderRefusesEveryServerSideMessageAsAnInvalidRequest() {
        for (BoltMessage response : RESPONSES) {
            EmbeddedChannel channel = new EmbeddedChannel(MessageDecoder.forServer(PROTOCOL));
            assertThatThrownBy(() -> channel.writeInbound(encoded(response))).as(response.toString())
                    .isInstanceOf(DecoderException.class)
                    .cause().isInstanceOfSatisfying(BoltProtocolException.class, e -> {
                        assertThat(e.code()).isEqualTo("Neo.ClientError.Request.Invalid");
                        assertThat(e.getMessage()).contains("is sent by servers");
                    });
            assertThat((Object) channel.readInbound()).as("nothing handed on").isNull();
            assertThat(channel.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void aServersDecoderPassesRequests() {
        EmbeddedChannel channel = new EmbeddedChannel(MessageDecoder.forServer(PROTOCOL));
        for (BoltMessage request : REQUESTS) {
            channel.writeInbound(encoded(request));
            assertThat((Object) channel.readInbound()).isEqualTo(request);
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void aClientsDecoderRefusesRequestsAndPassesResponses() {
        EmbeddedChannel channel = new EmbeddedChannel(MessageDecoder.forClient(PROTOCOL));
        for (BoltMessage response : RESPONSES) {
            channel.writeInbound(encoded(response));
            assertThat((Object) channel.readInbound()).isNotNull();
        }
        assertThatThrownBy(() -> channel.writeInbound(encoded(new RunMessage("RETURN 1", Map.of()))))
                .cause().isInstanceOfSatisfying(BoltProtocolException.class,
                        e -> assertThat(e.getMessage()).contains("is sent by clients"));
        channel.finishAndReleaseAll();
    }

    @Test
    void anUndirectedDecoderPassesBoth() {
        EmbeddedChannel channel = new EmbeddedChannel(new MessageDecoder(PROTOCOL));
        channel.writeInbound(encoded(RESPONSES.get(0)));
        channel.writeInbound(encoded(REQUESTS.get(0)));
        assertThat(channel.inboundMessages()).hasSize(2);
        channel.finishAndReleaseAll();
    }
}
