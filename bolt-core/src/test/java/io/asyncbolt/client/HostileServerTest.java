package io.asyncbolt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkWriter;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.testing.Await;
import io.asyncbolt.testing.LeakCheck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Servers that misbehave: each gives a clear exception within the timeouts and leaves the pool clean, with
 * no buffer or thread of the client left behind.
 */
@ExtendWith(LeakCheck.class)
class HostileServerTest {

    /** What the fake server does with one accepted connection. */
    @FunctionalInterface
    interface Script {
        void play(DataInputStream in, OutputStream out) throws Exception;
    }

    private ServerSocket listener;
    private Thread acceptor;

    @AfterEach
    void stop() throws Exception {
        listener.close();
        acceptor.join(5000);
        LeakCheck.assertNoClientThreads();
    }

    private int serve(Script script) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket socket = listener.accept()) {
                    script.play(new DataInputStream(socket.getInputStream()), socket.getOutputStream());
                    Thread.sleep(200);
                } catch (Exception e) {
                    // the client went away or the listener closed
                }
            }
        }, "hostile-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return listener.getLocalPort();
    }

    private static BoltClient client(int port) {
        return BoltClient.create("bolt://127.0.0.1:" + port, AuthToken.none(),
                ClientConfig.builder().connectTimeout(Duration.ofMillis(800)).build());
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static void write(OutputStream out, BoltProtocol protocol, BoltMessage message) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            int start = ChunkWriter.DEFAULT.beginMessage(buf);
            protocol.encode(message, buf);
            ChunkWriter.DEFAULT.endMessage(buf, start);
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            out.write(bytes);
            out.flush();
        } finally {
            buf.release();
        }
    }

    /** Reads one chunked message and ignores it. */
    private static void skipMessage(DataInputStream in) throws IOException {
        int size;
        while ((size = in.readUnsignedShort()) != 0) {
            in.skipNBytes(size);
        }
    }

    private static void handshake(DataInputStream in, OutputStream out) throws IOException {
        in.readFully(new byte[20]);
        out.write(new byte[] {0, 0, 8, 5});
        out.flush();
    }

    @Test
    void garbageInsteadOfAHandshakeAnswer() throws Exception {
        int port = serve((in, out) -> {
            in.readFully(new byte[20]);
            out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
            out.flush();
        });
        try (BoltClient client = client(port)) {
            assertThat(failure(client.verifyConnectivity())).isInstanceOf(BoltClientException.ServiceUnavailable.class)
                    .hasMessageContaining("handshake");
            assertThat(client.connectionsInUse()).isZero();
        }
    }

    @Test
    void noCommonVersion() throws Exception {
        int port = serve((in, out) -> {
            in.readFully(new byte[20]);
            out.write(new byte[] {0, 0, 0, 0});
            out.flush();
        });
        try (BoltClient client = client(port)) {
            assertThat(failure(client.verifyConnectivity())).isInstanceOf(BoltClientException.ServiceUnavailable.class)
                    .hasMessageContaining("handshake");
        }
    }

    @Test
    void aServerThatNeverAnswersTheHandshakeFailsTheAcquisitionWithinItsTimeout() throws Exception {
        int port = serve((in, out) -> Thread.sleep(5000));
        // the connect timeout covers TCP only (as in the official drivers); the acquisition timeout the rest
        try (BoltClient client = BoltClient.create("bolt://127.0.0.1:" + port, AuthToken.none(),
                ClientConfig.builder().connectTimeout(Duration.ofSeconds(30)).acquisitionTimeout(Duration.ofMillis(800))
                        .build())) {
            long start = System.nanoTime();
            assertThat(failure(client.verifyConnectivity())).isInstanceOf(BoltClientException.ClientError.class)
                    .hasMessageContaining("acquisition timeout of 800 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(client.connectionsInUse()).isZero();
        }
    }

    @Test
    void aServerThatClosesMidMessage() throws Exception {
        int port = serve((in, out) -> {
            handshake(in, out);
            skipMessage(in);
            out.write(new byte[] {0x00, 0x10, (byte) 0xB1, 0x70, (byte) 0xA1});
            out.flush();
        });
        try (BoltClient client = client(port)) {
            assertThat(failure(client.verifyConnectivity())).isInstanceOf(BoltClientException.ServiceUnavailable.class);
            assertThat(client.connectionsInUse()).isZero();
        }
    }

    @Test
    void aFailureToResetDiscardsTheConnection() throws Exception {
        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_8);
        int port = serve((in, out) -> {
            handshake(in, out);
            skipMessage(in);
            write(out, protocol, new SuccessMessage(Map.of("server", "Neo4j/5.26.0", "connection_id", "bolt-1")));
            skipMessage(in);
            write(out, protocol, SuccessMessage.EMPTY);
            skipMessage(in);
            skipMessage(in);
            write(out, protocol, FailureMessage.of("Neo.ClientError.Statement.SyntaxError", "bad"));
            write(out, protocol, IgnoredMessage.INSTANCE);
            skipMessage(in);
            write(out, protocol, FailureMessage.of("Neo.DatabaseError.General.UnknownError", "cannot reset"));
        });
        try (BoltClient client = client(port)) {
            assertThat(failure(client.session().run("RETRUN 1"))).isInstanceOf(BoltClientException.ClientError.class)
                    .hasMessageContaining("bad");
            Await.until("the pool lets go of the connection", Duration.ofSeconds(5),
                    () -> client.connectionsInUse() == 0 && client.connectionsIdle() == 0);
            assertThat(client.connectionsInUse()).isZero();
            assertThat(client.connectionsIdle()).as("a connection that failed RESET is not kept").isZero();
        }
    }

    /** HELLO and LOGON (Bolt 5.8) answered with {@code hello} as HELLO's metadata. */
    private static void accept(DataInputStream in, OutputStream out, BoltProtocol protocol,
            Map<String, Object> hello) throws IOException {
        handshake(in, out);
        skipMessage(in);
        write(out, protocol, new SuccessMessage(hello));
        skipMessage(in);
        write(out, protocol, SuccessMessage.EMPTY);
    }

    /** Blocks until the client closes the connection. */
    private static void drain(DataInputStream in) throws IOException {
        while (in.read() >= 0) {
            // discard
        }
    }

    @Test
    void aUuidFromAServerThatNegotiatedBolt58IsAProtocolErrorNotAHang() throws Exception {
        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_8);
        int port = serve((in, out) -> {
            accept(in, out, protocol, Map.of("server", "Neo4j/5.26.0", "connection_id", "bolt-1"));
            skipMessage(in); // RUN
            skipMessage(in); // PULL
            write(out, protocol, new SuccessMessage(Map.of("fields", List.of("id"))));
            // RECORD [<E0 + 16 bytes>]: marker E0 only exists from Bolt 6.1
            out.write(new byte[] {0x00, 0x14, (byte) 0xB1, 0x71, (byte) 0x91, (byte) 0xE0,
                    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0x00, 0x00});
            out.flush();
            drain(in);
        });
        try (BoltClient client = BoltClient.create("bolt://127.0.0.1:" + port, AuthToken.none(),
                ClientConfig.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10))
                        .build())) {
            long start = System.nanoTime();
            assertThat(failure(client.session().run("RETURN 1").thenCompose(ResultCursor::listAsync)))
                    .isInstanceOf(BoltClientException.ServiceUnavailable.class)
                    .hasMessageContaining("UUID needs Bolt 6.1+");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not the read timeout")
                    .isLessThan(Duration.ofSeconds(5));
            Await.until("the pool lets go of the connection", Duration.ofSeconds(5),
                    () -> client.connectionsInUse() == 0 && client.connectionsIdle() == 0);
            assertThat(client.connectionsIdle()).as("the connection is dropped").isZero();
        }
    }

    @Test
    void aServerThatGoesSilentMidQueryFailsItWithinTheReadTimeout() throws Exception {
        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_8);
        int port = serve((in, out) -> {
            accept(in, out, protocol, Map.of("server", "Neo4j/5.26.0", "connection_id", "bolt-1"));
            skipMessage(in); // RUN
            skipMessage(in); // PULL, never answered
            drain(in);
        });
        try (BoltClient client = BoltClient.create("bolt://127.0.0.1:" + port, AuthToken.none(),
                ClientConfig.builder().connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofMillis(500))
                        .build())) {
            long start = System.nanoTime();
            assertThat(failure(client.session().run("RETURN 1"))).isInstanceOf(BoltClientException.ServiceUnavailable.class)
                    .hasMessageContaining("sent nothing for 500 ms").hasMessageContaining("read timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            Await.until("the pool lets go of the connection", Duration.ofSeconds(5),
                    () -> client.connectionsInUse() == 0 && client.connectionsIdle() == 0);
            assertThat(client.connectionsInUse()).isZero();
            assertThat(client.connectionsIdle()).as("the silent connection is not kept").isZero();
        }
    }

    @Test
    void theRecvTimeoutHintCountsSilenceFromTheRequestNotFromTheLastAnswerBeforeIdling() throws Exception {
        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_8);
        int port = serve((in, out) -> {
            accept(in, out, protocol, Map.of("server", "Neo4j/5.26.0", "connection_id", "bolt-1",
                    "hints", Map.of("connection.recv_timeout_seconds", 2L)));
            for (int query = 0; query < 2; query++) {
                skipMessage(in); // RUN
                skipMessage(in); // PULL
                if (query == 1) {
                    Thread.sleep(1500); // within the promised 2 s, counted from the request
                }
                write(out, protocol, new SuccessMessage(Map.of("fields", List.of("x"))));
                write(out, protocol, new RecordMessage(List.of((long) query)));
                write(out, protocol, SuccessMessage.EMPTY);
            }
            drain(in);
        });
        try (BoltClient client = BoltClient.create("bolt://127.0.0.1:" + port, AuthToken.none(),
                ClientConfig.builder().connectTimeout(Duration.ofSeconds(5)).build())) {
            assertThat(client.session().run("RETURN 0").thenCompose(ResultCursor::singleAsync).toCompletableFuture()
                    .join().getLong("x")).isZero();
            // idle in the pool for 2.5 periods: a timer counting from the last answer would fire 1 s into the next query
            Thread.sleep(5000);
            assertThat(client.session().run("RETURN 1").thenCompose(ResultCursor::singleAsync).toCompletableFuture()
                    .join().getLong("x")).isEqualTo(1);
        }
    }
}
