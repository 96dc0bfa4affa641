package io.asyncbolt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.asyncbolt.fuzz.FuzzSupport.Input;
import io.asyncbolt.fuzz.FuzzSupport.TrackingAllocator;
import io.asyncbolt.internal.packstream.Packer;
import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RouteMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.protocol.message.TelemetryMessage;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.QueryResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The server's Bolt state machine: the pipeline {@link BoltServer} installs behind its transport selector
 * (handshake, then chunk decoder, message codec and the connection), put on an {@link EmbeddedChannel}
 * with the server's own private {@code installBolt}; a valid handshake, then a fuzzer-chosen sequence of
 * well-formed requests (HELLO, LOGON, LOGOFF, RUN, PULL, DISCARD, BEGIN, COMMIT, ROLLBACK, RESET, GOODBYE,
 * ROUTE, TELEMETRY, with fuzzer-chosen fields), arbitrary framed messages, raw bytes and time passing.
 *
 * <p>The server must answer only with well-formed SUCCESS, FAILURE, IGNORED and RECORD messages; while
 * the channel is open every request has exactly one summary (SUCCESS, FAILURE or IGNORED) once the
 * event loop is idle, and never more than one; nothing escapes the pipeline, nothing is logged at ERROR,
 * and once the channel is closed no buffer is left.
 *
 * <p>Input: {@code [u8 version][u8 handshake flags][ops...]}, each op a byte (low 4 bits: which; bit 4:
 * write what is batched now; the others modify it) followed by its fields.
 */
class ServerStateMachineFuzzTest {

    private static final List<String> QUERIES = List.of("RETURN 1", "rows", "many", "fail", "boom", "later",
            "values", "SHOW DATABASES", "CALL dbms.components()", "CALL db.ping()", "EXPLAIN RETURN 1",
            "CALL dbms.routing.getRoutingTable({}, 'neo4j')", "SHOW CURRENT USER", "CALL db.labels()",
            "SHOW DEFAULT DATABASE", "CALL dbms.showCurrentUser()");

    private static BoltServer server;
    private static Object initializer;
    private static Method installHandshake;

    private final TrackingAllocator alloc = new TrackingAllocator();

    @BeforeAll
    static void startServer() throws Exception {
        server = BoltServer.builder().address("127.0.0.1").port(0).directExecutor()
                .maxMessageSizeBeforeAuth(4096).maxMessageSize(64 * 1024).maxDepth(32).telemetry(true)
                .authenticator(token -> {
                    if ("bad".equals(token.principal())) {
                        throw new BoltException("Neo.ClientError.Security.Unauthorized", "no");
                    }
                    if ("boom".equals(token.principal())) {
                        throw new IllegalStateException("authenticator bug");
                    }
                    return new BoltUser(token.principal() == null ? "anonymous" : token.principal(), List.of("admin"));
                })
                .queryHandler(query -> switch (query.statement()) {
                    case "rows" -> CompletableFuture.completedFuture(QueryResult.of(List.of("i", "s"),
                            LongStream.range(0, 3).<List<?>>mapToObj(i -> List.of(i, "x" + i)).iterator()));
                    case "many" -> CompletableFuture.completedFuture(QueryResult.of(List.of("i"),
                            LongStream.range(0, 300).<List<?>>mapToObj(List::of).iterator()));
                    case "fail" -> throw BoltException.syntaxError("bad query");
                    case "boom" -> throw new IllegalStateException("handler bug");
                    case "later" -> CompletableFuture.failedFuture(BoltException.transientError("try again"));
                    case "values" -> CompletableFuture.completedFuture(QueryResult.single(values()));
                    default -> CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true)));
                })
                .start();
        // the pipeline of an accepted connection after the transport is chosen: the handshake, then Bolt
        java.lang.reflect.Field field = BoltServer.class.getDeclaredField("initializer");
        field.setAccessible(true);
        initializer = field.get(server);
        installHandshake = initializer.getClass().getDeclaredMethod("installHandshake", ChannelPipeline.class,
                AtomicBoolean.class);
        installHandshake.setAccessible(true);
    }

    private static Map<String, Object> values() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("n", null);
        row.put("b", true);
        row.put("l", List.of(1L, "two", 3.0));
        row.put("m", Map.of("k", List.of()));
        row.put("bytes", new byte[] {1, 2});
        row.put("date", java.time.LocalDate.of(2024, 2, 29));
        row.put("dt", java.time.ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, java.time.ZoneId.of("Europe/Berlin")));
        return row;
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void session(byte[] data) throws Exception {
        FuzzSupport.assertNoReports();
        Input input = new Input(data);
        BoltVersion version = BoltVersion.ALL.get(input.u8() % BoltVersion.ALL.size());
        boolean manifest = version.major() >= 6 || input.bool();

        EmbeddedChannel ch = FuzzSupport.channel(alloc);
        installHandshake.invoke(initializer, ch.pipeline(), new AtomicBoolean());
        Session s = new Session(ch, version);
        try {
            s.handshake(manifest);
            s.play(input);
            s.finish();
        } finally {
            if (ch.isOpen()) {
                ch.close();
            }
            ch.runPendingTasks();
            FuzzSupport.drain(ch);
            s.peer.finishAndReleaseAll();
            if (s.batch != null && s.batch.refCnt() > 0) {
                s.batch.release();
            }
        }
        alloc.assertAllReleased();
    }

    /** One connection: what was sent, what came back. */
    private final class Session {
        final EmbeddedChannel ch;
        final BoltVersion version;
        BoltProtocol protocol;
        Packer packer;
        EmbeddedChannel peer;
        ByteBuf batch;
        int requests;
        int summaries;
        boolean unframed;

        Session(EmbeddedChannel ch, BoltVersion version) {
            this.ch = ch;
            this.version = version;
            this.protocol = BoltProtocol.forVersion(version);
            this.packer = new Packer(protocol.valueFormat());
            this.peer = FuzzSupport.channel(alloc, new ChunkDecoder(), new MessageDecoder(protocol));
        }

        void handshake(boolean manifest) {
            ByteBuf hs = alloc.buffer(20).writeInt(0x6060B017);
            hs.writeInt(manifest ? 0x000001FF : version.toWire()).writeInt(0).writeInt(0).writeInt(0);
            ch.writeInbound(hs);
            byte[] answer = outbound();
            if (manifest) {
                if (answer.length < 4 || ((answer[2] & 0xFF) != 1) || (answer[3] & 0xFF) != 0xFF) {
                    throw new AssertionError("manifest answer " + ByteBufUtil.hexDump(answer));
                }
                ch.writeInbound(alloc.buffer(5).writeInt(version.toWire()).writeByte(0));
                byte[] more = outbound();
                if (more.length != 0) {
                    throw new AssertionError("more after the manifest: " + ByteBufUtil.hexDump(more));
                }
            } else if (answer.length != 4 || ((answer[2] & 0xFF) << 8 | (answer[3] & 0xFF)) != version.toWire()) {
                throw new AssertionError("legacy answer " + ByteBufUtil.hexDump(answer) + " for " + version);
            }
            if (!ch.isOpen() || ch.pipeline().get("bolt-connection") == null) {
                throw new AssertionError("no Bolt connection after the handshake");
            }
            batch = alloc.buffer();
        }

        private byte[] outbound() {
            ch.runPendingTasks();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ByteBuf b;
            while ((b = ch.readOutbound()) != null) {
                try {
                    out.writeBytes(ByteBufUtil.getBytes(b));
                } finally {
                    b.release();
                }
            }
            return out.toByteArray();
        }

        void play(Input in) {
            while (in.more() && ch.isOpen()) {
                int op = in.u8();
                switch (op & 0x0F) {
                    case 0 -> hello(in, op);
                    case 1 -> request(LogonMessage.SIGNATURE, authToken(in, op));
                    case 2 -> request(RunMessage.SIGNATURE, query(in), params(in, op), extra(in, op));
                    case 3 -> request(PullMessage.SIGNATURE, stream(in, op));
                    case 4 -> request(DiscardMessage.SIGNATURE, stream(in, op));
                    case 5 -> request(BeginMessage.SIGNATURE, extra(in, op));
                    case 6 -> request(CommitMessage.SIGNATURE);
                    case 7 -> request(RollbackMessage.SIGNATURE);
                    case 8 -> request(ResetMessage.SIGNATURE);
                    case 9 -> request(GoodbyeMessage.SIGNATURE);
                    case 10 -> route(in, op);
                    case 11 -> request(TelemetryMessage.SIGNATURE, (long) in.u8() % 5 - 1);
                    case 12 -> request(LogoffMessage.SIGNATURE);
                    case 13 -> frame(in.bytes(in.u8()), true); // any bytes, as one framed message
                    case 14 -> {
                        // bytes that need not respect the framing: from here on, "one summary per request" is moot
                        unframed = true;
                        byte[] raw = in.bytes(in.u8());
                        batch.writeBytes(raw);
                    }
                    default -> {
                        send();
                        ch.advanceTimeBy(in.u16() * 100L, TimeUnit.MILLISECONDS);
                        ch.runScheduledPendingTasks();
                        receive();
                    }
                }
                if ((op & 0x10) != 0) {
                    send();
                }
            }
            send();
        }

        private void hello(Input in, int op) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if ((op & 0x20) == 0) {
                extra.put("user_agent", "fuzz/1.0");
            }
            if ((op & 0x40) != 0) {
                extra.put("patch_bolt", List.of("utc"));
            }
            if ((op & 0x80) != 0) {
                extra.put("routing", Map.of("address", "localhost:7687"));
            }
            if (protocol.authInHello()) {
                extra.putAll(authToken(in, op));
            }
            request(HelloMessage.SIGNATURE, extra);
        }

        private Map<String, Object> authToken(Input in, int op) {
            Map<String, Object> token = new LinkedHashMap<>();
            switch (in.u8() % 5) {
                case 0 -> token.put("scheme", "none");
                case 1 -> {
                    token.put("scheme", "basic");
                    token.put("principal", "u");
                    token.put("credentials", "p");
                }
                case 2 -> {
                    token.put("scheme", "basic");
                    token.put("principal", (op & 0x20) != 0 ? "boom" : "bad");
                    token.put("credentials", "p");
                }
                case 3 -> token.put("scheme", in.string());
                default -> {
                }
            }
            return token;
        }

        private String query(Input in) {
            int i = in.u8();
            return i < QUERIES.size() * 8 ? QUERIES.get(i % QUERIES.size()) : in.string();
        }

        private Map<String, Object> params(Input in, int op) {
            return (op & 0x20) == 0 ? Map.of() : Map.of("x", in.s64(), "s", in.string());
        }

        private Map<String, Object> extra(Input in, int op) {
            Map<String, Object> extra = new LinkedHashMap<>();
            if ((op & 0x40) == 0) {
                return extra;
            }
            int flags = in.u8();
            if ((flags & 1) != 0) {
                extra.put("db", (flags & 0x40) != 0 ? "system" : "neo4j");
            }
            if ((flags & 2) != 0) {
                extra.put("mode", "r");
            }
            if ((flags & 4) != 0) {
                extra.put("tx_timeout", (long) in.u16() - 10);
            }
            if ((flags & 8) != 0) {
                extra.put("bookmarks", List.of("asyncbolt:1", in.string()));
            }
            if ((flags & 16) != 0) {
                extra.put("tx_metadata", Map.of("k", in.string()));
            }
            if ((flags & 32) != 0) {
                extra.put("imp_user", in.string());
            }
            if ((flags & 128) != 0) {
                extra.put("notifications_minimum_severity", "OFF");
            }
            return extra;
        }

        private Map<String, Object> stream(Input in, int op) {
            Map<String, Object> extra = new LinkedHashMap<>();
            int n = in.u8();
            extra.put("n", n >= 250 ? (long) n - 252 : (long) n % 5 + 1);
            if ((op & 0x20) != 0) {
                extra.put("qid", (long) in.u8() - 1);
            }
            return extra;
        }

        private void route(Input in, int op) {
            Object third = switch (in.u8() % 3) {
                case 0 -> null;
                case 1 -> "neo4j";
                default -> Map.of("db", "neo4j");
            };
            request(RouteMessage.SIGNATURE, Map.of("address", "localhost:7687"), List.of(), third);
        }

        /** Packs a request struct and frames it into the batch. */
        private void request(byte signature, Object... fields) {
            ByteBuf body = alloc.buffer();
            try {
                packer.packStructHeader(body, fields.length, signature);
                for (Object f : fields) {
                    packer.pack(body, f);
                }
                frame(ByteBufUtil.getBytes(body), true);
            } finally {
                body.release();
            }
        }

        private void frame(byte[] body, boolean counted) {
            for (int off = 0; off < body.length; off += 65535) {
                int n = Math.min(65535, body.length - off);
                batch.writeShort(n).writeBytes(body, off, n);
            }
            batch.writeShort(0);
            if (counted && body.length > 0) {
                requests++;
            }
        }

        /** Writes the batch to the server and reads what it answered. */
        private void send() {
            if (batch.isReadable() && ch.isOpen()) {
                ByteBuf b = batch;
                batch = alloc.buffer();
                ch.writeInbound(b);
            }
            receive();
        }

        private void receive() {
            ch.runPendingTasks();
            ByteBuf b;
            while ((b = ch.readOutbound()) != null) {
                if (!b.isReadable()) {
                    b.release();
                    continue;
                }
                peer.writeInbound(b);
                BoltMessage m;
                while ((m = peer.readInbound()) != null) {
                    if (m instanceof RecordMessage) {
                        continue;
                    }
                    if (!(m instanceof SuccessMessage || m instanceof FailureMessage || m instanceof IgnoredMessage)) {
                        throw new AssertionError("the server sent " + m);
                    }
                    summaries++;
                    if (m instanceof SuccessMessage success && success.metadata().get("patch_bolt") instanceof List<?> p
                            && p.contains("utc") && !protocol.valueFormat().utcDateTime()) {
                        protocol = protocol.withUtcPatch();
                        packer = new Packer(protocol.valueFormat());
                        peer.pipeline().get(MessageDecoder.class).protocol(protocol);
                    }
                }
            }
            if (!unframed && summaries > requests) {
                throw new AssertionError(summaries + " summaries for " + requests + " requests");
            }
        }

        void finish() {
            send();
            if (batch != null) {
                batch.release();
                batch = null;
            }
            if (ch.isOpen() && !unframed && summaries != requests) {
                throw new AssertionError("open with " + summaries + " summaries for " + requests + " requests");
            }
        }
    }
}
