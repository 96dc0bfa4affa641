package io.asyncbolt.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns each whole message assembled by {@link ChunkDecoder} into a {@link io.asyncbolt.protocol.message.BoltMessage}
 * record with the connection's {@link BoltProtocol}. Malformed or unknown messages raise a
 * {@link BoltProtocolException} (as a Netty {@code DecoderException} cause) carrying the Neo4j status code.
 */
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    private BoltProtocol protocol;

    public MessageDecoder(BoltProtocol protocol) {
        super(ByteBuf.class);
        this.protocol = protocol;
    }

    public BoltProtocol protocol() {
        return protocol;
    }

    /** Switches the protocol, e.g. when Bolt 4.4's {@code utc} patch takes effect. Call on the event loop. */
    public void protocol(BoltProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(protocol.decode(msg));
    }
}
