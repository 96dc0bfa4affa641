package io.asyncbolt.internal.protocol;

import static io.asyncbolt.internal.protocol.Bytes.concat;
import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.internal.protocol.Bytes.Split;
import io.asyncbolt.protocol.BoltHandshakeException.Reason;
import io.asyncbolt.protocol.BoltHandshakeException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class ServerHandshakeHandlerTest {

    static final String MAGIC = "60 60 B0 17";
    /** What Java driver 6.x and the current JS driver send. */
    static final String DRIVER = MAGIC + " 00 00 01 FF 00 08 08 05 00 02 04 04 00 00 00 03";
    /** What Java driver 5.26 sends (no manifest slot). */
    static final String JAVA_5_26 = MAGIC + " 00 07 07 05 00 02 04 04 00 00 01 04 00 00 00 03";
    /** Manifest answer of a server supporting {@link BoltVersion#ALL}. */
    static final String MANIFEST_ALL = "00 00 01 FF 04 00 01 01 06 00 02 08 05 00 04 04 05 00 00 04 04 00";
    static final String RESET = "00 02 B0 0F 00 00";

    /** What happened to one server channel. */
    record Outcome(String output, boolean open, boolean removed, NegotiationResult result,
            BoltHandshakeException failure, List<String> messages, int callbacks) {
    }

    static Outcome server(List<BoltVersion> supported, boolean manifest, String input, Split split, long seed) {
        List<NegotiationResult> results = new ArrayList<>();
        List<BoltHandshakeException> failures = new ArrayList<>();
        ServerHandshakeHandler handler = new ServerHandshakeHandler(supported, manifest,
                (ctx, r) -> {
                    results.add(r);
                    ctx.pipeline().addAfter(ctx.name(), "chunks", new ChunkDecoder());
                },
                (ctx, e) -> failures.add(e));
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        Bytes.feed(ch, hex(input), split, seed);
        String output = hex(Bytes.outbound(ch));
        List<String> messages = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            messages.add(hex(Bytes.drain((ByteBuf) o)));
        }
        boolean open = ch.isOpen();
        boolean removed = ch.pipeline().get(ServerHandshakeHandler.class) == null;
        ch.finishAndReleaseAll();
        assertThat(results.size() + failures.size()).as("callbacks").isLessThanOrEqualTo(1);
        return new Outcome(output, open, removed, results.isEmpty() ? null : results.get(0),
                failures.isEmpty() ? null : failures.get(0), messages, results.size() + failures.size());
    }

    /** Runs the scenario whole, one byte at a time, and in random splits. */
    static void everySplit(List<BoltVersion> supported, boolean manifest, String input, Consumer<Outcome> check) {
        for (Split split : Split.values()) {
            for (long seed = 0; seed < (split == Split.RANDOM ? 20 : 1); seed++) {
                check.accept(server(supported, manifest, input, split, seed));
            }
        }
    }

    static void assertNegotiated(Outcome o, String output, BoltVersion version, boolean manifest) {
        assertThat(o.output()).isEqualTo(output);
        assertThat(o.result()).isEqualTo(new NegotiationResult(version, manifest, 0));
        assertThat(o.failure()).isNull();
        assertThat(o.open()).isTrue();
        assertThat(o.removed()).isTrue();
    }

    static void assertClosed(Outcome o, String output, Reason reason) {
        assertThat(o.output()).isEqualTo(output);
        assertThat(o.open()).isFalse();
        assertThat(o.result()).isNull();
        assertThat(o.failure()).isNotNull();
        assertThat(o.failure().reason()).isEqualTo(reason);
        assertThat(o.messages()).isEmpty();
    }

    @Test
    void driverHandshakeGetsTheManifestInOneWrite() {
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeHandler((ctx, r) -> { }));
        Bytes.feed(ch, hex(DRIVER));
        ByteBuf reply = ch.readOutbound();
        assertThat(hex(Bytes.drain(reply))).isEqualTo(MANIFEST_ALL);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void manifestSelectionNegotiatesAndThePipelinedMessageReachesTheNextHandler() {
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 08 05 00 " + RESET + " 00 00 00 03 B1 70 A0 00 00", o -> {
            assertNegotiated(o, MANIFEST_ALL, BoltVersion.V5_8, true);
            assertThat(o.messages()).containsExactly("B0 0F", "B1 70 A0");
        });
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 01 06 00", o ->
                assertNegotiated(o, MANIFEST_ALL, BoltVersion.V6_1, true));
        // a client that knows 6.0 but not 6.1 picks 6.0 out of the offered 6.1..6.0 range
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 00 06 00", o ->
                assertNegotiated(o, MANIFEST_ALL, BoltVersion.V6_0, true));
    }

    @Test
    void manifestDisabledAnswersFromTheNextSlot() {
        everySplit(BoltVersion.ALL, false, DRIVER + " " + RESET, o -> {
            assertNegotiated(o, "00 00 08 05", BoltVersion.V5_8, false);
            assertThat(o.messages()).containsExactly("B0 0F");
        });
    }

    @Test
    void java526HandshakeGets57() {
        everySplit(BoltVersion.ALL, true, JAVA_5_26, o -> assertNegotiated(o, "00 00 07 05", BoltVersion.V5_7, false));
    }

    @Test
    void serverRestrictedTo44() {
        List<BoltVersion> only44 = List.of(BoltVersion.V4_4);
        everySplit(only44, true, JAVA_5_26, o -> assertNegotiated(o, "00 00 04 04", BoltVersion.V4_4, false));
        everySplit(only44, false, DRIVER, o -> assertNegotiated(o, "00 00 04 04", BoltVersion.V4_4, false));
        everySplit(only44, true, DRIVER + " 00 00 04 04 00", o ->
                assertNegotiated(o, "00 00 01 FF 01 00 00 04 04 00", BoltVersion.V4_4, true));
    }

    @Test
    void firstMatchingProposalWinsWithItsHighestSupportedVersion() {
        everySplit(BoltVersion.ALL, true, MAGIC + " 00 00 00 00 00 00 04 04 00 08 08 05 00 00 00 00", o ->
                assertNegotiated(o, "00 00 04 04", BoltVersion.V4_4, false));
        // 5.6..5.4 includes the unsupported 5.5: 5.6 wins
        everySplit(BoltVersion.ALL, true, MAGIC + " 00 02 06 05 00 00 00 00 00 00 00 00 00 00 00 00", o ->
                assertNegotiated(o, "00 00 06 05", BoltVersion.V5_6, false));
        // other handshake versions (0xFF majors) are skipped
        everySplit(BoltVersion.ALL, true, MAGIC + " 00 00 02 FF 00 00 03 05 00 00 00 00 00 00 00 00", o ->
                assertNegotiated(o, "00 00 03 05", BoltVersion.V5_3, false));
    }

    @Test
    void noCommonVersionAnswersZeroAndCloses() {
        everySplit(BoltVersion.ALL, true, MAGIC + " 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00", o ->
                assertClosed(o, "00 00 00 00", Reason.NO_COMMON_VERSION));
        // 5.5 is never supported
        everySplit(BoltVersion.ALL, true, MAGIC + " 00 00 05 05 00 00 00 00 00 00 00 00 00 00 00 00", o ->
                assertClosed(o, "00 00 00 00", Reason.NO_COMMON_VERSION));
        everySplit(BoltVersion.ALL, true, MAGIC + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", o ->
                assertClosed(o, "00 00 00 00", Reason.NO_COMMON_VERSION));
        // garbage proposals
        everySplit(BoltVersion.ALL, true, MAGIC + " FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF", o ->
                assertClosed(o, "00 00 00 00", Reason.NO_COMMON_VERSION));
        // manifest proposed to a server without manifest support, nothing else
        everySplit(BoltVersion.ALL, false, MAGIC + " 00 00 01 FF 00 00 00 00 00 00 00 00 00 00 00 00", o ->
                assertClosed(o, "00 00 00 00", Reason.NO_COMMON_VERSION));
    }

    @Test
    void wrongMagicClosesWithoutAnswer() {
        everySplit(BoltVersion.ALL, true, "60 60 B0 18 00 00 01 FF 00 08 08 05 00 02 04 04 00 00 00 03", o ->
                assertClosed(o, "", Reason.BAD_MAGIC));
        String http = hex("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        everySplit(BoltVersion.ALL, true, http, o -> assertClosed(o, "", Reason.BAD_MAGIC));
        everySplit(BoltVersion.ALL, true, "16 03 01 02 00 01 00 01 FC 03 03", o -> assertClosed(o, "", Reason.BAD_MAGIC));
        everySplit(BoltVersion.ALL, true, "60", o -> {
            assertThat(o.output()).isEmpty();
            assertThat(o.open()).isTrue(); // still waiting
        });
        everySplit(BoltVersion.ALL, true, "00", o -> assertClosed(o, "", Reason.BAD_MAGIC));
    }

    @Test
    void invalidManifestSelectionsClose() {
        // not offered: 5.5, 4.1, 7.0, 6.2
        for (String selection : List.of("00 00 05 05 00", "00 00 01 04 00", "00 00 00 07 00", "00 00 02 06 00")) {
            everySplit(BoltVersion.ALL, true, DRIVER + " " + selection + " " + RESET, o ->
                    assertClosed(o, MANIFEST_ALL, Reason.PROTOCOL_ERROR));
        }
        // a range instead of a version, a non-zero reserved byte
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 01 08 05 00", o ->
                assertClosed(o, MANIFEST_ALL, Reason.PROTOCOL_ERROR));
        everySplit(BoltVersion.ALL, true, DRIVER + " 01 00 08 05 00", o ->
                assertClosed(o, MANIFEST_ALL, Reason.PROTOCOL_ERROR));
        // capabilities that were not offered
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 08 05 01 " + RESET, o ->
                assertClosed(o, MANIFEST_ALL, Reason.PROTOCOL_ERROR));
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 08 05 80 80 01", o ->
                assertClosed(o, MANIFEST_ALL, Reason.PROTOCOL_ERROR));
        // an invalid VarInt
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 08 05 80 80 80 80 80 80 80 80 80 80 80", o ->
                assertClosed(o, MANIFEST_ALL, Reason.PROTOCOL_ERROR));
        // the client found nothing in common
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 00 00 00", o ->
                assertClosed(o, MANIFEST_ALL, Reason.NO_COMMON_VERSION));
    }

    @Test
    void waitsForTheWholeSelection() {
        everySplit(BoltVersion.ALL, true, DRIVER + " 00 00 08 05 80", o -> {
            assertThat(o.output()).isEqualTo(MANIFEST_ALL);
            assertThat(o.open()).isTrue();
            assertThat(o.result()).isNull();
            assertThat(o.removed()).isFalse();
        });
    }

    @Test
    void legacyHandshakeWithPipelinedBytesForwardsThem() {
        everySplit(BoltVersion.ALL, true, JAVA_5_26 + " " + RESET, o -> {
            assertNegotiated(o, "00 00 07 05", BoltVersion.V5_7, false);
            assertThat(o.messages()).containsExactly("B0 0F");
        });
    }

    @Test
    void reportsAConnectionClosedMidHandshake() {
        List<BoltHandshakeException> failures = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeHandler(BoltVersion.ALL, true,
                (ctx, r) -> { }, (ctx, e) -> failures.add(e)));
        Bytes.feed(ch, hex(MAGIC + " 00 00"));
        ch.close();
        assertThat(failures).singleElement().extracting(BoltHandshakeException::reason)
                .isEqualTo(Reason.CONNECTION_CLOSED);
        ch.finishAndReleaseAll();
    }

    @Test
    void aFailingCallbackClosesTheConnection() {
        AtomicInteger calls = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new ServerHandshakeHandler(BoltVersion.ALL, false, (ctx, r) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        }));
        Bytes.feed(ch, concat(hex(DRIVER), hex(RESET)));
        assertThat(calls).hasValue(1);
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void rejectsInvalidConfiguration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new ServerHandshakeHandler(List.of(new BoltVersion(5, 5)), true, (c, r) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5.5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                new ServerHandshakeHandler(List.of(), true, (c, r) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
