package io.asyncbolt.internal.protocol;

import static io.asyncbolt.testing.Hex.hex;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Our client and server handshake handlers talking to each other. */
@ExtendWith(LeakCheck.class)
class HandshakeInteropTest {

    private static final class Pair {
        final CompletableFuture<NegotiationResult> clientResult = new CompletableFuture<>();
        final List<NegotiationResult> serverResults = new ArrayList<>();
        final List<BoltHandshakeException> serverFailures = new ArrayList<>();
        final EmbeddedChannel client;
        final EmbeddedChannel server;

        Pair(List<BoltVersion> clientVersions, boolean clientManifest,
                List<BoltVersion> serverVersions, boolean serverManifest) {
            server = new EmbeddedChannel(new ServerHandshakeHandler(serverVersions, serverManifest,
                    (ctx, r) -> {
                        serverResults.add(r);
                        ctx.pipeline().addAfter(ctx.name(), "chunks", new ChunkDecoder());
                    },
                    (ctx, e) -> serverFailures.add(e)));
            client = new EmbeddedChannel(new ClientHandshakeHandler(clientVersions, clientManifest, clientResult));
            // like a real client: pipeline HELLO as soon as the handshake completes
            clientResult.thenAccept(r -> {
                ByteBuf hello = client.alloc().buffer();
                int start = ChunkWriter.DEFAULT.beginMessage(hello);
                hello.writeBytes(hex("B1 01 A0"));
                ChunkWriter.DEFAULT.endMessage(hello, start);
                client.writeAndFlush(hello);
            });
            pump();
        }

        /** Moves bytes both ways (one byte per read) until quiet; a closed side closes the other. */
        void pump() {
            boolean moved = true;
            while (moved) {
                moved = move(client, server) | move(server, client);
                if (!moved && server.isOpen() != client.isOpen()) {
                    // TCP close reaches the peer after the bytes written before it
                    (server.isOpen() ? server : client).close();
                    moved = true;
                }
            }
        }

        private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
            byte[] bytes = Bytes.outbound(from);
            if (bytes.length == 0 || !to.isOpen()) {
                return false;
            }
            Bytes.feed(to, bytes, Bytes.Split.ONE_BYTE, 0);
            return true;
        }

        List<String> serverMessages() {
            List<String> messages = new ArrayList<>();
            for (Object o; (o = server.readInbound()) != null; ) {
                messages.add(hex(Bytes.drain((ByteBuf) o)));
            }
            return messages;
        }

        void finish() {
            client.finishAndReleaseAll();
            server.finishAndReleaseAll();
        }
    }

    private static void assertAgreed(Pair p, BoltVersion version, boolean manifest) {
        try {
            checkAgreed(p, version, manifest);
        } finally {
            p.finish();
        }
    }

    private static void checkAgreed(Pair p, BoltVersion version, boolean manifest) {
        NegotiationResult expected = new NegotiationResult(version, manifest, 0);
        assertThat(p.clientResult).isCompletedWithValue(expected);
        assertThat(p.serverResults).containsExactly(expected);
        assertThat(p.serverFailures).isEmpty();
        assertThat(p.client.isOpen()).isTrue();
        assertThat(p.server.isOpen()).isTrue();
        assertThat(p.client.pipeline().get(ClientHandshakeHandler.class)).isNull();
        assertThat(p.server.pipeline().get(ServerHandshakeHandler.class)).isNull();
        assertThat(p.serverMessages()).containsExactly("B1 01 A0");
    }

    @Test
    void bothWithManifestAgreeOn61() {
        assertAgreed(new Pair(BoltVersion.ALL, true, BoltVersion.ALL, true), BoltVersion.V6_1, true);
    }

    @Test
    void clientThatStopsAt60GetsItFromA61Server() {
        List<BoltVersion> upTo60 = BoltVersion.ALL.subList(1, BoltVersion.ALL.size());
        assertAgreed(new Pair(upTo60, true, BoltVersion.ALL, true), BoltVersion.V6_0, true);
        // and a 6.1 client against a server that stops at 6.0
        assertAgreed(new Pair(BoltVersion.ALL, true, upTo60, true), BoltVersion.V6_0, true);
    }

    @Test
    void legacyOnlyClientGetsItsFirstProposal() {
        // without the manifest slot, the client proposes 6.1..6.0 first (00 01 01 06)
        assertAgreed(new Pair(BoltVersion.ALL, false, BoltVersion.ALL, true), BoltVersion.V6_1, false);
        List<BoltVersion> fiveX = BoltVersion.ALL.subList(2, BoltVersion.ALL.size());
        assertAgreed(new Pair(fiveX, false, BoltVersion.ALL, true), BoltVersion.V5_8, false);
    }

    @Test
    void serverWithoutManifestGives58() {
        assertAgreed(new Pair(BoltVersion.ALL, true, BoltVersion.ALL, false), BoltVersion.V5_8, false);
    }

    @Test
    void serverRestrictedTo44() {
        assertAgreed(new Pair(BoltVersion.ALL, true, List.of(BoltVersion.V4_4), true), BoltVersion.V4_4, true);
        assertAgreed(new Pair(BoltVersion.ALL, false, List.of(BoltVersion.V4_4), true), BoltVersion.V4_4, false);
    }

    @Test
    void clientRestrictedTo57ThroughTheManifest() {
        assertAgreed(new Pair(List.of(BoltVersion.V5_7, BoltVersion.V5_6), true, BoltVersion.ALL, true),
                BoltVersion.V5_7, true);
    }

    private static void assertNoCommonVersion(Pair p) {
        try {
            checkNoCommonVersion(p);
        } finally {
            p.finish();
        }
    }

    private static void checkNoCommonVersion(Pair p) {
        assertThat(p.clientResult).isCompletedExceptionally();
        assertThat(p.clientResult.handle((r, e) -> e instanceof CompletionException c ? c.getCause() : e).join())
                .isInstanceOfSatisfying(BoltHandshakeException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_COMMON_VERSION));
        assertThat(p.serverResults).isEmpty();
        assertThat(p.serverFailures).singleElement().extracting(BoltHandshakeException::reason)
                .isEqualTo(Reason.NO_COMMON_VERSION);
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.server.isOpen()).isFalse();
    }

    @Test
    void noCommonVersionWithManifest() {
        assertNoCommonVersion(new Pair(List.of(BoltVersion.V5_8, BoltVersion.V5_7), true,
                List.of(BoltVersion.V4_4), true));
    }

    @Test
    void noCommonVersionLegacy() {
        assertNoCommonVersion(new Pair(List.of(BoltVersion.V5_8, BoltVersion.V5_7), false,
                List.of(BoltVersion.V4_4), true));
        assertNoCommonVersion(new Pair(List.of(BoltVersion.V6_0), true, List.of(BoltVersion.V5_8), false));
    }
}
