package io.asyncbolt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.asyncbolt.fuzz.FuzzSupport.Input;
import io.asyncbolt.fuzz.FuzzSupport.TrackingAllocator;
import io.asyncbolt.protocol.BoltHandshakeException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.NegotiationResult;
import io.asyncbolt.internal.protocol.ServerHandshakeHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arbitrary bytes, split at fuzzer-chosen sizes, to a {@link ServerHandshakeHandler} with a fuzzer-chosen
 * set of versions and manifest setting. Nothing may escape the pipeline; the handler either waits,
 * negotiates once (a supported version, answered on the wire, then leaves the pipeline and hands the
 * bytes that followed the handshake on unchanged) or fails once and closes the channel; no buffer leaks.
 *
 * <p>Input: {@code [u16 version mask][u8 flags: bit 0 manifest][u8 fragment size, 0 = one write][bytes...]}.
 */
class ServerHandshakeFuzzTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest
    void handshake(byte[] data) {
        FuzzSupport.assertNoReports();
        Input input = new Input(data);
        int mask = input.u16();
        boolean manifest = (input.u8() & 1) == 1;
        int fragment = input.u8();
        byte[] stream = input.rest();
        List<BoltVersion> supported = new ArrayList<>();
        for (int i = 0; i < BoltVersion.ALL.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                supported.add(BoltVersion.ALL.get(i));
            }
        }
        if (supported.isEmpty()) {
            supported = BoltVersion.ALL;
        }
        List<NegotiationResult> negotiated = new ArrayList<>();
        List<BoltHandshakeException> failures = new ArrayList<>();
        List<BoltVersion> versions = supported;
        ServerHandshakeHandler handler = new ServerHandshakeHandler(supported, manifest,
                (ctx, result) -> negotiated.add(result), (ctx, e) -> failures.add(e));
        EmbeddedChannel ch = FuzzSupport.channel(alloc, handler);
        ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        int step = fragment == 0 ? Math.max(stream.length, 1) : fragment;
        for (int off = 0; off < stream.length && ch.isOpen(); off += step) {
            ch.writeInbound(alloc.copyOf(stream, off, Math.min(step, stream.length - off)));
            ch.runPendingTasks();
            collect(ch, forwarded, answer);
        }
        boolean closedByHandler = !ch.isOpen();
        ch.close();
        ch.runPendingTasks();
        collect(ch, forwarded, answer);

        if (negotiated.size() > 1 || (!negotiated.isEmpty() && !failures.isEmpty()
                && failures.get(0).reason() != BoltHandshakeException.Reason.CONNECTION_CLOSED)) {
            throw new AssertionError("negotiated " + negotiated + ", failed " + failures);
        }
        byte[] out = answer.toByteArray();
        if (!negotiated.isEmpty()) {
            NegotiationResult result = negotiated.get(0);
            if (!versions.contains(result.version()) || (result.manifest() && !manifest)
                    || result.capabilities() != 0) {
                throw new AssertionError("negotiated " + result + " with " + versions + " manifest " + manifest);
            }
            if (!failures.isEmpty()) {
                throw new AssertionError("failed after negotiating " + result + ": " + failures);
            }
            if (ch.pipeline().get(ServerHandshakeHandler.class) != null) {
                throw new AssertionError("the handshake handler stayed in the pipeline");
            }
            byte[] rest = forwarded.toByteArray();
            int consumed = stream.length - rest.length;
            if (consumed < 20 || !Arrays.equals(rest, Arrays.copyOfRange(stream, consumed, stream.length))) {
                throw new AssertionError("passed on " + rest.length + " of " + stream.length + " bytes, not the tail");
            }
            boolean legacyAnswer = out.length == 4 && out[0] == 0 && out[1] == 0
                    && BoltVersion.fromWire(((out[2] & 0xFF) << 8) | (out[3] & 0xFF)).equals(result.version());
            boolean manifestAnswer = out.length >= 4 && out[0] == 0 && out[1] == 0 && out[2] == 1
                    && (out[3] & 0xFF) == 0xFF;
            if (result.manifest() ? !manifestAnswer : !legacyAnswer) {
                throw new AssertionError("answered " + ByteBufUtil.hexDump(out) + " for " + result);
            }
        } else {
            if (forwarded.size() != 0) {
                throw new AssertionError("passed on bytes without a negotiation");
            }
            if (!failures.isEmpty() && failures.get(0).reason() != BoltHandshakeException.Reason.CONNECTION_CLOSED
                    && !closedByHandler) {
                throw new AssertionError("failed without closing: " + failures);
            }
            if (failures.isEmpty() && closedByHandler) {
                throw new AssertionError("closed without a failure");
            }
        }
        if (failures.size() > 1) {
            throw new AssertionError("failed twice: " + failures);
        }
        ch.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    private static void collect(EmbeddedChannel ch, ByteArrayOutputStream inbound, ByteArrayOutputStream outbound) {
        ByteBuf b;
        while ((b = ch.readInbound()) != null) {
            try {
                inbound.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
        while ((b = ch.readOutbound()) != null) {
            try {
                outbound.writeBytes(ByteBufUtil.getBytes(b));
            } finally {
                b.release();
            }
        }
    }
}
