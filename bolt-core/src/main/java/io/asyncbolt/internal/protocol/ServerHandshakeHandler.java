package io.asyncbolt.internal.protocol;

import io.asyncbolt.internal.protocol.ProtocolNegotiator.Decision;
import io.asyncbolt.internal.protocol.ProtocolNegotiator.Legacy;
import io.asyncbolt.internal.protocol.ProtocolNegotiator.Manifest;
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
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of the Bolt handshake; the first Bolt handler of a server pipeline.
 *
 * <ol>
 *   <li>Reads the client's 20 bytes (magic {@code 60 60 B0 17} + four proposals). A wrong magic
 *       closes the connection as soon as the first differing byte arrives.</li>
 *   <li>Chooses per the legacy rules (first proposal with a supported version wins, highest version
 *       inside it). Legacy: answers the 4-byte version, or {@code 00 00 00 00} and closes when
 *       nothing matches.</li>
 *   <li>Manifest v1 (when enabled and proposed before any matching slot): answers in one
 *       write+flush {@code 00 00 01 FF}, the supported versions as consecutive-minor ranges, and
 *       capabilities 0; then reads the client's 4-byte choice + VarInt capabilities and closes when
 *       the choice is 0, was not offered, carries a range, or asks for capabilities not offered.</li>
 * </ol>
 *
 * <p>On success it calls {@code onNegotiated(ctx, result)} on the event loop <em>while still in the
 * pipeline</em>, then removes itself. The callback is the place to install the chunk decoder and
 * message codec (e.g. {@code ctx.pipeline().addAfter(ctx.name(), ...)}); after it returns, any bytes
 * that followed the handshake in the same read (clients usually pipeline HELLO) are passed on with
 * {@code fireChannelRead} to the handler after this one. {@link NegotiationResult#manifest()} tells
 * whether HELLO SUCCESS must carry {@code protocol_version}.
 *
 * <p>On failure it logs at DEBUG, calls the optional {@code onFailure(ctx, exception)} and closes
 * the channel; no exception travels down the pipeline. Bytes arriving after a failure are dropped.
 * Handshake timeouts are not handled here (use Netty's idle/read-timeout handlers). One instance per
 * channel.
 */
public final class ServerHandshakeHandler extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(ServerHandshakeHandler.class);

    /** Capability bits this server offers in the manifest. */
    private static final long OFFERED_CAPABILITIES = 0;

    private enum State { PREAMBLE, SELECTION, DONE, FAILED }

    private final List<BoltVersion> supported;
    private final boolean manifestEnabled;
    private final BiConsumer<ChannelHandlerContext, NegotiationResult> onNegotiated;
    private final BiConsumer<ChannelHandlerContext, BoltHandshakeException> onFailure;
    private State state = State.PREAMBLE;

    /** Supports {@link BoltVersion#ALL}, manifest enabled. */
    public ServerHandshakeHandler(BiConsumer<ChannelHandlerContext, NegotiationResult> onNegotiated) {
        this(BoltVersion.ALL, true, onNegotiated);
    }

    /**
     * @param supported versions this server implements (any order; 5.5 is rejected)
     * @param manifestEnabled whether to answer a manifest v1 proposal with the manifest flow (needed
     *     for clients to reach 6.x); when false the sentinel is skipped like any handshake version
     * @param onNegotiated called once on success, before this handler leaves the pipeline
     */
    public ServerHandshakeHandler(List<BoltVersion> supported, boolean manifestEnabled,
            BiConsumer<ChannelHandlerContext, NegotiationResult> onNegotiated) {
        this(supported, manifestEnabled, onNegotiated, (ctx, e) -> { });
    }

    /**
     * @param supported versions this server implements (any order; 5.5 is rejected)
     * @param manifestEnabled whether to answer a manifest v1 proposal with the manifest flow
     * @param onNegotiated called once on success, before this handler leaves the pipeline
     * @param onFailure called once when the handshake fails (just before the channel is closed),
     *     including {@link Reason#CONNECTION_CLOSED} when the peer goes away mid-handshake
     */
    public ServerHandshakeHandler(List<BoltVersion> supported, boolean manifestEnabled,
            BiConsumer<ChannelHandlerContext, NegotiationResult> onNegotiated,
            BiConsumer<ChannelHandlerContext, BoltHandshakeException> onFailure) {
        this.supported = ProtocolNegotiator.normalize(supported);
        this.manifestEnabled = manifestEnabled;
        this.onNegotiated = Objects.requireNonNull(onNegotiated, "onNegotiated");
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.PREAMBLE) {
            decodePreamble(ctx, in);
        }
        if (state == State.SELECTION) {
            decodeSelection(ctx, in);
        }
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void decodePreamble(ChannelHandlerContext ctx, ByteBuf in) {
        int start = in.readerIndex();
        int check = Math.min(4, in.readableBytes());
        for (int k = 0; k < check; k++) {
            int expected = (ProtocolNegotiator.MAGIC >>> (24 - 8 * k)) & 0xFF;
            if (in.getUnsignedByte(start + k) != expected) {
                fail(ctx, new BoltHandshakeException(Reason.BAD_MAGIC,
                        "Not a Bolt connection: wrong magic preamble"));
                return;
            }
        }
        if (in.readableBytes() < ProtocolNegotiator.HANDSHAKE_SIZE) {
            return;
        }
        in.skipBytes(4);
        int[] proposals = new int[4];
        for (int k = 0; k < 4; k++) {
            proposals[k] = in.readInt();
        }
        Decision decision = ProtocolNegotiator.choose(proposals, supported, manifestEnabled);
        if (decision instanceof Legacy legacy) {
            BoltVersion v = legacy.version();
            ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(v.toWire()));
            log.debug("{} Bolt {} negotiated (legacy) from proposals {}",
                    ctx.channel(), v, ProtocolNegotiator.hex(proposals));
            succeed(ctx, new NegotiationResult(v, false, 0));
        } else if (decision instanceof Manifest) {
            ByteBuf reply = ctx.alloc().buffer(32);
            reply.writeInt(ProtocolNegotiator.MANIFEST_V1);
            int[] ranges = ProtocolNegotiator.compressRanges(supported);
            VarInt.write(reply, ranges.length);
            for (int r : ranges) {
                reply.writeInt(r);
            }
            VarInt.write(reply, OFFERED_CAPABILITIES);
            ctx.writeAndFlush(reply);
            state = State.SELECTION;
        } else {
            // close once the 00 00 00 00 answer has been written
            fail(ctx, new BoltHandshakeException(Reason.NO_COMMON_VERSION,
                    "No supported Bolt version in the client's proposals "
                            + ProtocolNegotiator.hex(proposals) + "; supported: " + supported), false);
            ctx.writeAndFlush(ctx.alloc().buffer(4).writeInt(0)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void decodeSelection(ChannelHandlerContext ctx, ByteBuf in) {
        if (in.readableBytes() < 4) {
            return;
        }
        int start = in.readerIndex();
        int selection = in.getInt(start);
        if (selection == 0) {
            fail(ctx, new BoltHandshakeException(Reason.NO_COMMON_VERSION,
                    "The client found no common version in the manifest " + supported));
            return;
        }
        BoltVersion version = BoltVersion.fromWire(selection);
        if ((selection >>> 16) != 0 || !supported.contains(version)) {
            fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                    "The client selected " + ProtocolNegotiator.hex(selection)
                            + ", which is not one of the offered versions " + supported));
            return;
        }
        in.skipBytes(4);
        long capabilities;
        try {
            capabilities = VarInt.read(in);
        } catch (CorruptedFrameException e) {
            fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                    "Invalid capabilities in the client's manifest selection: " + e.getMessage(), e));
            return;
        }
        if (capabilities == VarInt.INCOMPLETE) {
            in.readerIndex(start);
            return;
        }
        if ((capabilities & ~OFFERED_CAPABILITIES) != 0) {
            fail(ctx, new BoltHandshakeException(Reason.PROTOCOL_ERROR,
                    "The client selected capabilities 0x" + Long.toHexString(capabilities)
                            + " that were not offered (0x" + Long.toHexString(OFFERED_CAPABILITIES) + ")"));
            return;
        }
        log.debug("{} Bolt {} negotiated (manifest v1), capabilities 0x{}",
                ctx.channel(), version, Long.toHexString(capabilities));
        succeed(ctx, new NegotiationResult(version, true, capabilities));
    }

    private void succeed(ChannelHandlerContext ctx, NegotiationResult result) {
        state = State.DONE;
        try {
            onNegotiated.accept(ctx, result);
        } catch (RuntimeException e) {
            log.warn("{} Bolt handshake callback failed; closing the connection", ctx.channel(), e);
            state = State.FAILED;
            ctx.close();
            return;
        }
        ctx.pipeline().remove(this);
    }

    private void fail(ChannelHandlerContext ctx, BoltHandshakeException e) {
        fail(ctx, e, true);
    }

    private void fail(ChannelHandlerContext ctx, BoltHandshakeException e, boolean closeNow) {
        state = State.FAILED;
        log.debug("{} Bolt handshake failed ({}): {}", ctx.channel(), e.reason(), e.getMessage());
        notifyFailure(ctx, e);
        if (closeNow) {
            ctx.close();
        }
    }

    private void notifyFailure(ChannelHandlerContext ctx, BoltHandshakeException e) {
        try {
            onFailure.accept(ctx, e);
        } catch (RuntimeException callbackError) {
            log.warn("{} Bolt handshake failure callback failed", ctx.channel(), callbackError);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx);
        if (state == State.PREAMBLE || state == State.SELECTION) {
            state = State.FAILED;
            BoltHandshakeException e = new BoltHandshakeException(Reason.CONNECTION_CLOSED,
                    "Connection closed during the Bolt handshake");
            log.debug("{} {}", ctx.channel(), e.getMessage());
            notifyFailure(ctx, e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.DONE) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        log.debug("{} Error during the Bolt handshake; closing the connection", ctx.channel(), cause);
        if (state != State.FAILED) {
            state = State.FAILED;
            notifyFailure(ctx, new BoltHandshakeException(Reason.CONNECTION_CLOSED,
                    "Error during the Bolt handshake: " + cause, cause));
        }
        ctx.close();
    }
}
