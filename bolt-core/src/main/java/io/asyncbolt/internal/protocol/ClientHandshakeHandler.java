package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltHandshakeException.Reason;
import io.asyncbolt.protocol.BoltHandshakeException;
import io.asyncbolt.protocol.BoltVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client side of the Bolt handshake; the first Bolt handler of a client pipeline.
 *
 * <p>When the channel becomes active (or when added to an already active channel) it writes and
 * flushes the 20-byte handshake: magic {@code 60 60 B0 17} and four proposals computed from the
 * supported versions like the official drivers do. With the defaults ({@link BoltVersion#ALL},
 * manifest enabled) these are exactly {@code 00 00 01 FF, 00 08 08 05, 00 00 04 04, 00 00 00 00}.
 *
 * <p>It then reads the server's answer:
 * <ul>
 *   <li>a legacy 4-byte version, accepted when it is one of the supported versions;</li>
 *   <li>{@code 00 00 01 FF} + manifest (VarInt count, version ranges, VarInt capabilities; may arrive
 *       in any number of reads): picks the highest common version and writes and flushes its 4 bytes
 *       followed by capabilities VarInt 0.</li>
 * </ul>
 *
 * <p>On success it completes the future with the {@link NegotiationResult} <em>on the event loop,
 * while still in the pipeline</em> (so dependent actions attached synchronously, e.g. with
 * {@code thenAccept}, may install the chunk decoder and message codec after this handler), then
 * removes itself; bytes that followed the handshake answer in the same read are passed on with
 * {@code fireChannelRead} to the next handler.
 *
 * <p>On failure (server supports none of our versions, HTTP port, invalid answer, no common version
 * in the manifest — then {@code 00 00 00 00 00} is sent first —, connection closed or failed before
 * the end) it completes the future exceptionally with a {@link BoltHandshakeException} and closes
 * the channel. One instance per channel.
 */
public final class ClientHandshakeHandler extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ClientHandshakeHandler.class);

    /** Sanity limit on the number of version ranges in a manifest. */
    static final int MAX_MANIFEST_ENTRIES = 1024;

    private enum State { REPLY, MANIFEST, DONE, FAILED }

    private final List<BoltVersion> supported;
    private final boolean manifestEnabled;
    private final int[] proposals;
    private final CompletableFuture<NegotiationResult> result;
    private boolean sent;
    private State state = State.REPLY;

    /** Supports {@link BoltVersion#ALL} and the manifest, like the official drivers. */
    public ClientHandshakeHandler(CompletableFuture<NegotiationResult> result) {
        this(BoltVersion.ALL, true, result);
    }

    /**
     * @param supported versions this client implements (any order; 5.5 is rejected)
     * @param manifestEnabled whether to propose manifest v1 in the first slot (needed to reach 6.x)
     * @param result completed with the outcome (exceptionally with {@link BoltHandshakeException})
     */
    public ClientHandshakeHandler(List<BoltVersion> supported, boolean manifestEnabled,
            CompletableFuture<NegotiationResult> result) {
        this.supported = ProtocolNegotiator.normalize(supported);
        this.manifestEnabled = manifestEnabled;
        this.proposals = ProtocolNegotiator.proposals(this.supported, manifestEnabled);
        this.result = Objects.requireNonNull(result, "result");
    }

    /** The future given at construction. */
    public CompletableFuture<NegotiationResult> result() {
        return result;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendHandshake(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendHandshake(ctx);
        super.channelActive(ctx);
    }

    private void sendHandshake(ChannelHandlerContext ctx) {
        if (sent) {
            return;
        }
        sent = true;
        ByteBuf buf = ctx.alloc().buffer(ProtocolNegotiator.HANDSHAKE_SIZE);
        buf.writeInt(ProtocolNegotiator.MAGIC);
        for (int p : proposals) {
            buf.writeInt(p);
        }
        log.debug("{} Bolt handshake, proposals {}", ctx.channel(), ProtocolNegotiator.hex(proposals));
        ctx.writeAndFlush(buf).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.REPLY) {
            decodeReply(ctx, in);
        }
        if (state == State.MANIFEST) {
            decodeManifest(ctx, in);
        }
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void decodeReply(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 4) {
            return;
        }
        int reply = in.readInt();
        if (reply == 0) {
            fail(ctx, new BoltHandshakeException(Reason.NO_COMMON_VERSION,
                    "The server supports none of our Bolt versions " + supported
                            + " (proposed " + ProtocolNegotiator.hex(proposals) + ")"));
        } else if (reply == ProtocolNegotiator.HTTP) {
            fail(ctx, new BoltHandshakeException(Reason.HTTP_PORT,
                    "The server answered the Bolt handshake with HTTP: this is an HTTP port, "
                            + "not a Bolt port (Neo4j's default Bolt port is 7687)"));
        } else if (reply == ProtocolNegotiator.MANIFEST_V1) {
            if (manifestEnabled) {
                state = State.MANIFEST;
            } else {
                fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                        "The server answered with a handshake manifest we did not propose"));
            }
        } else {
            BoltVersion version = (reply >>> 16) == 0 ? BoltVersion.fromWire(reply) : null;
            if (version == null || !supported.contains(version)) {
                fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                        "Unexpected Bolt handshake answer " + ProtocolNegotiator.hex(reply)
                                + "; we support " + supported));
            } else {
                log.debug("{} Bolt {} negotiated (legacy)", ctx.channel(), version);
                succeed(ctx, new NegotiationResult(version, false, 0));
            }
        }
    }

    private void decodeManifest(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int[] ranges;
        try {
            long count = VarInt.read(in);
            if (count == VarInt.INCOMPLETE) {
                return;
            }
            if (count > MAX_MANIFEST_ENTRIES) {
                fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                        "Bolt handshake manifest announces " + count + " versions"));
                return;
            }
            if (in.readableBytes() < count * 4) {
                in.readerIndex(start);
                return;
            }
            ranges = new int[(int) count];
            for (int k = 0; k < ranges.length; k++) {
                ranges[k] = in.readInt();
            }
            if (VarInt.read(in) == VarInt.INCOMPLETE) {
                in.readerIndex(start);
                return;
            }
        } catch (CorruptedFrameException e) {
            fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                    "Invalid Bolt handshake manifest: " + e.getMessage(), e));
            return;
        }
        BoltVersion version = ProtocolNegotiator.highestInAnyRange(ranges, supported);
        if (version == null) {
            BoltHandshakeException e = new BoltHandshakeException(Reason.NO_COMMON_VERSION,
                    "The server supports none of our Bolt versions " + supported
                            + " (server offers " + ProtocolNegotiator.hex(ranges) + ")");
            markFailed(ctx, e);
            ByteBuf none = ctx.alloc().buffer(5).writeInt(0);
            VarInt.write(none, 0);
            ctx.writeAndFlush(none).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ByteBuf selection = ctx.alloc().buffer(5).writeInt(version.toWire());
        VarInt.write(selection, 0);
        ctx.writeAndFlush(selection).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        log.debug("{} Bolt {} negotiated (manifest v1, server offers {})",
                ctx.channel(), version, ProtocolNegotiator.hex(ranges));
        succeed(ctx, new NegotiationResult(version, true, 0));
    }

    private void succeed(ChannelHandlerContext ctx, NegotiationResult negotiated) {
        state = State.DONE;
        try {
            result.complete(negotiated);
        } finally {
            ctx.pipeline().remove(this);
        }
    }

    private void fail(ChannelHandlerContext ctx, BoltHandshakeException e) {
        markFailed(ctx, e);
        ctx.close();
    }

    private void markFailed(ChannelHandlerContext ctx, BoltHandshakeException e) {
        state = State.FAILED;
        log.debug("{} Bolt handshake failed ({}): {}", ctx.channel(), e.reason(), e.getMessage());
        result.completeExceptionally(e);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        if (state == State.REPLY || state == State.MANIFEST) {
            markFailed(ctx, new BoltHandshakeException(Reason.CONNECTION_CLOSED,
                    "The connection was closed during the Bolt handshake"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.DONE) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        if (state != State.FAILED) {
            markFailed(ctx, new BoltHandshakeException(Reason.CONNECTION_CLOSED,
                    "Error during the Bolt handshake: " + cause, cause));
        }
        ctx.close();
    }
}
