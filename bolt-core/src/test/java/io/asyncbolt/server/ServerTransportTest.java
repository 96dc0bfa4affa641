package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkWriter;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.testing.Await;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ServiceUnavailableException;

/** TLS (optional and required), WebSocket and plain HTTP on the Bolt port, with real clients. */
class ServerTransportTest {

    private static SslContext serverTls;
    private static java.io.File caPem;
    private static SSLContext trustAll;
    private BoltServer server;

    @BeforeAll
    static void certificates() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        serverTls = SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
        caPem = cert.toTempRootCertPem();
        caPem.deleteOnExit();
        trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private BoltServer start(boolean tlsRequired) {
        server = BoltServer.builder().port(0).tls(serverTls, tlsRequired).queryHandler(query ->
                CompletableFuture.completedFuture(QueryResult.single(Map.of("x", query.parameters().get("x"))))).start();
        return server;
    }

    private long query(String scheme) {
        try (Driver driver = GraphDatabase.driver(scheme + "://127.0.0.1:" + server.port(), AuthTokens.none(),
                scheme.equals("bolt") ? Config.builder().withoutEncryption().build() : Config.defaultConfig());
                Session session = driver.session()) {
            return session.run("RETURN $x AS x", Map.of("x", 42L)).single().get("x").asLong();
        }
    }

    @Test
    void aClientRefusingTheCertificateLeavesNoWarningWithAStackTrace() {
        start(false);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        root.addAppender(appender);
        try {
            for (int i = 0; i < 3; i++) {
                // the system's trust store does not know the self-signed certificate: the driver refuses it
                assertThatThrownBy(() -> query("neo4j+s")).isInstanceOf(org.neo4j.driver.exceptions.Neo4jException.class);
            }
        } finally {
            root.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                .filteredOn(e -> !e.getThreadName().startsWith("Neo4jDriverIO")) // the driver's own side
                .as("a refused certificate is the client's business: DEBUG at most").isEmpty();
        assertThat(query("bolt")).isEqualTo(42);
    }

    @Test
    void aPortInUseFailsWithTheAddressAndLeavesNoThreadsBehind() throws Exception {
        start(false);
        java.util.function.LongSupplier serverThreads = () -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("bolt-")).count();
        long before = serverThreads.getAsLong();
        assertThatThrownBy(() -> BoltServer.builder().port(server.port()).queryHandler(query -> null).start())
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("127.0.0.1:" + server.port())
                .hasCauseInstanceOf(java.net.BindException.class);
        Await.until("the failed server's threads end", java.time.Duration.ofSeconds(5),
                () -> serverThreads.getAsLong() <= before);
        assertThat(query("bolt")).isEqualTo(42); // the first server still serves
    }

    @Test
    void plainAndTlsShareThePortWhenTlsIsOptional() {
        start(false);
        assertThat(query("bolt")).isEqualTo(42);
        assertThat(query("bolt+ssc")).isEqualTo(42);
        assertThat(query("neo4j+ssc")).isEqualTo(42);
    }

    @Test
    void verifiedTlsTrustsTheServerCertificateOnlyThroughItsAuthority() {
        start(true);
        try (Driver driver = GraphDatabase.driver("bolt://localhost:" + server.port(), AuthTokens.none(),
                Config.builder().withEncryption()
                        .withTrustStrategy(Config.TrustStrategy.trustCustomCertificateSignedBy(caPem)).build());
                Session session = driver.session()) {
            assertThat(session.run("RETURN $x AS x", Map.of("x", 7L)).single().get("x").asLong()).isEqualTo(7);
        }
        try (Driver untrusted = GraphDatabase.driver("bolt+s://localhost:" + server.port(), AuthTokens.none())) {
            assertThatThrownBy(untrusted::verifyConnectivity).hasStackTraceContaining("PKIX");
        }
    }

    @Test
    void plaintextIsRefusedWhenTlsIsRequired() {
        start(true);
        assertThatThrownBy(() -> query("bolt")).isInstanceOf(ServiceUnavailableException.class);
        assertThat(query("bolt+ssc")).isEqualTo(42);
    }

    @Test
    void webSocketClientsSpeakBoltInBinaryFrames() throws Exception {
        start(false);
        webSocketHello(HttpClient.newHttpClient(), "ws://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void secureWebSocketClientsSpeakBoltOverTls() throws Exception {
        start(false);
        webSocketHello(HttpClient.newBuilder().sslContext(trustAll).build(), "wss://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void aWebSocketMessageBeyondThePreAuthenticationLimitClosesTheConnectionBeforeItIsBuffered() throws Exception {
        start(false); // the default limits: 64 KiB before authentication, 64 MiB after
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete("closed " + statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.complete("error " + error);
                    }
                }).get(5, TimeUnit.SECONDS);
        byte[] fragment = new byte[32 * 1024];
        try {
            // 2 MiB of one WebSocket message that never ends, before any handshake or HELLO: without a bound
            // the server would keep buffering it (up to the post-authentication limit) and never answer
            for (int i = 0; i < 64 && !closed.isDone(); i++) {
                ws.sendBinary(ByteBuffer.wrap(fragment), false).get(5, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            closed.complete("send failed " + e.getCause()); // the server closed while we were sending
        }
        assertThat(closed.get(5, TimeUnit.SECONDS)).as("the connection is refused, not buffered").isNotNull();
        webSocketHello(HttpClient.newHttpClient(), "ws://127.0.0.1:" + server.port() + "/");
    }

    /** JDK WebSocket client: handshake bytes in one frame, a HELLO split over two frames, SUCCESS back. */
    private static void webSocketHello(HttpClient http, String uri) throws Exception {
        LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(uri), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                frames.add(bytes);
                webSocket.request(1);
                return null;
            }
        }).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 8, 5, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0}), true).get(5, TimeUnit.SECONDS);
        ByteArray received = new ByteArray();
        received.add(frames.poll(5, TimeUnit.SECONDS));
        assertThat(received.take(4)).containsExactly(0, 0, 8, 5);

        BoltProtocol protocol = BoltProtocol.forVersion(BoltVersion.V5_8);
        ByteBuf hello = Unpooled.buffer();
        int start = ChunkWriter.DEFAULT.beginMessage(hello);
        protocol.encode(new HelloMessage(Map.of("user_agent", "jdk-websocket/1"), null), hello);
        ChunkWriter.DEFAULT.endMessage(hello, start);
        byte[] bytes = new byte[hello.readableBytes()];
        hello.readBytes(bytes);
        hello.release();
        ws.sendBinary(ByteBuffer.wrap(bytes, 0, 7), true).get(5, TimeUnit.SECONDS);
        ws.sendBinary(ByteBuffer.wrap(bytes, 7, bytes.length - 7), true).get(5, TimeUnit.SECONDS);

        BoltMessage answer = null;
        while (answer == null) {
            received.add(frames.poll(5, TimeUnit.SECONDS));
            answer = received.message(protocol);
        }
        assertThat(((SuccessMessage) answer).metadata().get("server").toString()).startsWith("Neo4j/");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
    }

    @Test
    void plainHttpGetsTheDiscoveryDocumentAndOtherMethodsA400() throws Exception {
        start(false);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).contains("\"bolt_direct\":\"bolt://127.0.0.1:" + server.port());
        assertThat(get.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
        assertThat(query("bolt")).isEqualTo(42);
    }

    @Test
    void tlsInsideTlsIsClosed() throws Exception {
        start(false);
        try (SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            SSLEngine inner = trustAll.createSSLEngine("127.0.0.1", server.port());
            inner.setUseClientMode(true);
            inner.beginHandshake();
            ByteBuffer clientHello = ByteBuffer.allocate(inner.getSession().getPacketBufferSize());
            inner.wrap(ByteBuffer.allocate(0), clientHello);
            clientHello.flip();
            OutputStream out = socket.getOutputStream();
            out.write(clientHello.array(), 0, clientHello.limit());
            out.flush();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(query("bolt+ssc")).isEqualTo(42);
    }

    /** Bytes received over frames that need not align with Bolt messages. */
    private static final class ByteArray {
        private byte[] data = new byte[0];

        void add(byte[] more) {
            assertThat(more).as("a frame within 5 s").isNotNull();
            byte[] joined = new byte[data.length + more.length];
            System.arraycopy(data, 0, joined, 0, data.length);
            System.arraycopy(more, 0, joined, data.length, more.length);
            data = joined;
        }

        int[] take(int n) {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = data[i] & 0xFF;
            }
            byte[] rest = new byte[data.length - n];
            System.arraycopy(data, n, rest, 0, rest.length);
            data = rest;
            return out;
        }

        /** One whole chunked message, or null when more bytes are needed. */
        BoltMessage message(BoltProtocol protocol) throws Exception {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data));
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            try {
                while (true) {
                    int size = in.readUnsignedShort();
                    if (size == 0) {
                        break;
                    }
                    byte[] chunk = new byte[size];
                    in.readFully(chunk);
                    body.write(chunk);
                }
            } catch (java.io.EOFException e) {
                return null;
            }
            ByteBuf buf = Unpooled.wrappedBuffer(body.toByteArray());
            try {
                return protocol.decode(buf);
            } finally {
                buf.release();
            }
        }
    }
}
