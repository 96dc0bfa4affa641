package io.asyncbolt.internal.protocol;

import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.internal.protocol.Bytes.Split;
import io.asyncbolt.protocol.BoltHandshakeException.Reason;
import io.asyncbolt.protocol.BoltHandshakeException;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
class ClientHandshakeHandlerTest {

    static final String DEFAULT_HANDSHAKE = "60 60 B0 17 00 00 01 FF 00 08 08 05 00 00 04 04 00 00 00 00";

    record Outcome(String handshake, String output, boolean open, boolean removed,
            CompletableFuture<NegotiationResult> result, List<String> forwarded) {

        BoltHandshakeException failure() {
            assertThat(result).isCompletedExceptionally();
            try {
                result.join();
                throw new AssertionError("not failed");
            } catch (CompletionException e) {
                return (BoltHandshakeException) e.getCause();
            }
        }
    }

    static Outcome client(List<BoltVersion> supported, boolean manifest, String reply, Split split, long seed) {
        CompletableFuture<NegotiationResult> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHandshakeHandler(supported, manifest, result));
        String handshake = hex(Bytes.outbound(ch));
        Bytes.feed(ch, hex(reply), split, seed);
        String output = hex(Bytes.outbound(ch));
        List<String> forwarded = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            forwarded.add(hex(Bytes.drain((ByteBuf) o)));
        }
        boolean open = ch.isOpen();
        boolean removed = ch.pipeline().get(ClientHandshakeHandler.class) == null;
        ch.finishAndReleaseAll();
        return new Outcome(handshake, output, open, removed, result, forwarded);
    }

    static void everySplit(List<BoltVersion> supported, boolean manifest, String reply, Consumer<Outcome> check) {
        for (Split split : Split.values()) {
            for (long seed = 0; seed < (split == Split.RANDOM ? 20 : 1); seed++) {
                check.accept(client(supported, manifest, reply, split, seed));
            }
        }
    }

    static void assertFailed(Outcome o, Reason reason, String messagePart) {
        assertThat(o.open()).isFalse();
        assertThat(o.failure().reason()).isEqualTo(reason);
        assertThat(o.failure()).hasMessageContaining(messagePart);
    }

    @Test
    void sendsTheOfficialDriversHandshakeByDefault() {
        CompletableFuture<NegotiationResult> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHandshakeHandler(result));
        ByteBuf first = ch.readOutbound();
        assertThat(hex(Bytes.drain(first))).isEqualTo(DEFAULT_HANDSHAKE);
        assertThat((Object) ch.readOutbound()).isNull(); // written once, though added to an active channel
        assertThat(result).isNotDone();
        ch.finishAndReleaseAll();
    }

    @Test
    void proposalsFollowTheSupportedVersions() {
        assertThat(client(BoltVersion.ALL, false, "", Split.WHOLE, 0).handshake())
                .isEqualTo("60 60 B0 17 00 01 01 06 00 08 08 05 00 00 04 04 00 00 00 00");
        assertThat(client(List.of(BoltVersion.V4_4), true, "", Split.WHOLE, 0).handshake())
                .isEqualTo("60 60 B0 17 00 00 01 FF 00 00 04 04 00 00 00 00 00 00 00 00");
        assertThat(client(List.of(BoltVersion.V5_4, BoltVersion.V5_2), false, "", Split.WHOLE, 0).handshake())
                .isEqualTo("60 60 B0 17 00 02 04 05 00 00 00 00 00 00 00 00 00 00 00 00");
    }

    @Test
    void acceptsALegacyAnswerAndForwardsWhatFollows() {
        everySplit(BoltVersion.ALL, true, "00 00 08 05 00 03 B1 70 A0 00 00", o -> {
            assertThat(o.result()).isCompletedWithValue(new NegotiationResult(BoltVersion.V5_8, false, 0));
            assertThat(o.output()).isEmpty();
            assertThat(o.open()).isTrue();
            assertThat(o.removed()).isTrue();
            assertThat(String.join(" ", o.forwarded())).isEqualTo("00 03 B1 70 A0 00 00");
        });
        everySplit(BoltVersion.ALL, true, "00 00 04 04", o ->
                assertThat(o.result()).isCompletedWithValue(new NegotiationResult(BoltVersion.V4_4, false, 0)));
    }

    @Test
    void acceptsAManifestAnswerInAnySplit() {
        everySplit(BoltVersion.ALL, true, ServerHandshakeHandlerTest.MANIFEST_ALL, o -> {
            assertThat(o.result()).isCompletedWithValue(new NegotiationResult(BoltVersion.V6_1, true, 0));
            assertThat(o.output()).isEqualTo("00 00 01 06 00");
            assertThat(o.open()).isTrue();
            assertThat(o.removed()).isTrue();
        });
        // a server that stops at 6.0 (Neo4j 2025.x): 6.0 is chosen
        everySplit(BoltVersion.ALL, true, "00 00 01 FF 04 00 00 00 06 00 02 08 05 00 04 04 05 00 00 04 04 00", o -> {
            assertThat(o.result()).isCompletedWithValue(new NegotiationResult(BoltVersion.V6_0, true, 0));
            assertThat(o.output()).isEqualTo("00 00 00 06 00");
        });
        // server offers 5.8-5.6 and 4.4 with capabilities we ignore; we choose 5.8 and no capabilities
        everySplit(List.of(BoltVersion.V5_7, BoltVersion.V5_0, BoltVersion.V4_4), true,
                "00 00 01 FF 02 00 02 08 05 00 00 04 04 FF 01", o -> {
                    assertThat(o.result()).isCompletedWithValue(new NegotiationResult(BoltVersion.V5_7, true, 0));
                    assertThat(o.output()).isEqualTo("00 00 07 05 00");
                });
    }

    @Test
    void waitsForTheWholeManifest() {
        String manifest = ServerHandshakeHandlerTest.MANIFEST_ALL;
        String truncated = manifest.substring(0, manifest.length() - 3);
        everySplit(BoltVersion.ALL, true, truncated, o -> {
            assertThat(o.output()).isEmpty();
            assertThat(o.open()).isTrue();
            assertThat(o.removed()).isFalse();
        });
    }

    @Test
    void noCommonVersionInTheManifestAnswersZeroAndCloses() {
        everySplit(BoltVersion.ALL, true, "00 00 01 FF 02 00 00 00 03 00 03 03 04 00", o -> {
            assertThat(o.output()).isEqualTo("00 00 00 00 00");
            assertFailed(o, Reason.NO_COMMON_VERSION, "none of our Bolt versions");
        });
        // 5.5 alone is never chosen
        everySplit(BoltVersion.ALL, true, "00 00 01 FF 01 00 00 05 05 00", o -> {
            assertThat(o.output()).isEqualTo("00 00 00 00 00");
            assertFailed(o, Reason.NO_COMMON_VERSION, "none of our Bolt versions");
        });
    }

    @Test
    void failsOnZeroHttpAndUnknownAnswers() {
        everySplit(BoltVersion.ALL, true, "00 00 00 00", o ->
                assertFailed(o, Reason.NO_COMMON_VERSION, "server supports none of our Bolt versions"));
        everySplit(BoltVersion.ALL, true, hex("HTTP/1.1 400 Bad Request\r\n".getBytes()), o ->
                assertFailed(o, Reason.HTTP_PORT, "HTTP port"));
        for (String reply : List.of("00 00 05 05", "00 00 00 03", "00 01 08 05", "12 34 56 78")) {
            everySplit(BoltVersion.ALL, true, reply, o -> assertFailed(o, Reason.PROTOCOL_ERROR, "Unexpected"));
        }
        everySplit(BoltVersion.ALL, false, "00 00 01 FF 01 00 00 08 05 00", o ->
                assertFailed(o, Reason.PROTOCOL_ERROR, "manifest"));
        everySplit(BoltVersion.ALL, true, "00 00 01 FF 80 80 80 80 80 80 80 80 80 80 80", o ->
                assertFailed(o, Reason.PROTOCOL_ERROR, "manifest"));
        everySplit(BoltVersion.ALL, true, "00 00 01 FF FF FF 03", o ->
                assertFailed(o, Reason.PROTOCOL_ERROR, "manifest"));
    }

    @Test
    void failsWhenTheConnectionClosesMidHandshake() {
        CompletableFuture<NegotiationResult> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHandshakeHandler(result));
        Bytes.feed(ch, hex("00 00 01 FF 04 00"));
        ch.close();
        assertThat(result).isCompletedExceptionally();
        assertThat(result.handle((r, e) -> ((BoltHandshakeException) e).reason()).join())
                .isEqualTo(Reason.CONNECTION_CLOSED);
        ch.finishAndReleaseAll();
    }

    @Test
    void failsOnAnExceptionDuringTheHandshake() {
        CompletableFuture<NegotiationResult> result = new CompletableFuture<>();
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHandshakeHandler(result));
        ch.pipeline().fireExceptionCaught(new java.io.IOException("reset by peer"));
        assertThat(result).isCompletedExceptionally();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }
}
