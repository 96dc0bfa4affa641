package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.message.BoltMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Packs each {@link BoltMessage} straight into chunks: two header bytes are reserved, the PackStream
 * structure is written behind them, the length is back-patched and {@code 00 00} ends the message.
 */
public final class MessageEncoder extends MessageToByteEncoder<BoltMessage> {

    private final ChunkWriter chunkWriter;
    private BoltProtocol protocol;

    public MessageEncoder(BoltProtocol protocol) {
        this(protocol, ChunkWriter.DEFAULT);
    }

    public MessageEncoder(BoltProtocol protocol, ChunkWriter chunkWriter) {
        super(BoltMessage.class);
        this.protocol = protocol;
        this.chunkWriter = chunkWriter;
    }

    public BoltProtocol protocol() {
        return protocol;
    }

    /** Switches the protocol, e.g. when Bolt 4.4's {@code utc} patch takes effect. Call on the event loop. */
    public void protocol(BoltProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BoltMessage message, ByteBuf out) {
        encodeInto(message, out);
    }

    /**
     * Appends {@code message}, chunked, to {@code out}, as a write through this encoder would: for writing
     * several messages as one buffer. Call on the event loop; on a failure (a value this version cannot
     * carry) {@code out} may hold part of the message.
     */
    public void encodeInto(BoltMessage message, ByteBuf out) {
        int start = chunkWriter.beginMessage(out);
        protocol.encode(message, out);
        chunkWriter.endMessage(out, start);
    }
}
