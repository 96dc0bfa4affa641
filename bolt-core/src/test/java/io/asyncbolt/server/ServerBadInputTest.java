package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.testing.Await;
import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** Hostile peers get a FAILURE or a close of their one connection; a well-behaved driver keeps working. */
class ServerBadInputTest {

    /**
     * About 6.5 MB of rows: more than fits in the socket buffers of a peer that does not read and ours
     * (some 30,000 rows on Linux, whose send buffer grows to 4 MB), so that the server has to stop and resume.
     */
    private static final long FINITE_ROWS = 60_000;
    /** The rows of the fast reader's result (reading is slow under PARANOID leak detection). */
    private static final long FAST_READER_ROWS = 20_000;
    /**
     * The most rows a connection whose peer does not read may take from the handler: what fills the socket
     * buffers (our send buffer grows to 4 MB on Linux, the peer's receive buffer is kept small), the 32 KB
     * high water mark and a batch, at some 110 bytes a row, with room to spare.
     */
    private static final long ROWS_A_STALLED_PEER_MAY_COST = 100_000;
    /** How long production must stand still to count as stopped. */
    private static final Duration STOPPED = Duration.ofMillis(300);

    private final AtomicLong produced = new AtomicLong();
    private final CompletableFuture<String> rolledBack = new CompletableFuture<>();
    private BoltServer server;
    private Driver driver;

    @BeforeEach
    void start() {
        server = BoltServer.builder().port(0)
                .handshakeTimeout(Duration.ofMillis(300))
                .authTimeout(Duration.ofMillis(500))
                .maxMessageSizeBeforeAuth(1024)
                .maxMessageSize(64 * 1024)
                .maxDepth(32)
                .writeBufferWaterMarks(8 * 1024, 32 * 1024)
                .transactionHandler(new TransactionHandler() {
                    @Override
                    public CompletableFuture<Void> rollback(Transaction transaction) {
                        rolledBack.complete(transaction.id());
                        return CompletableFuture.completedFuture(null);
                    }
                })
                .queryHandler(query -> {
                    if (query.statement().equals("endless")) {
                        Iterator<List<Object>> rows = new Iterator<>() {
                            @Override
                            public boolean hasNext() {
                                return true;
                            }

                            @Override
                            public List<Object> next() {
                                return List.of(produced.incrementAndGet(), "x".repeat(100));
                            }
                        };
                        return CompletableFuture.completedFuture(QueryResult.of(List.of("i", "s"), rows));
                    }
                    if (query.statement().equals("finite")) {
                        long n = ((Number) query.parameters().getOrDefault("n", FINITE_ROWS)).longValue();
                        Iterator<List<Object>> rows = java.util.stream.LongStream.rangeClosed(1, n)
                                .<List<Object>>mapToObj(i -> List.of(produced.incrementAndGet(), "x".repeat(100)))
                                .iterator();
                        return CompletableFuture.completedFuture(QueryResult.of(List.of("i", "s"), rows));
                    }
                    return CompletableFuture.completedFuture(QueryResult.single(Map.of("ok", true)));
                }).start();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + server.port(), AuthTokens.basic("u", "p"),
                Config.builder().withoutEncryption().build());
    }

    @AfterEach
    void stop() {
        driver.close();
        server.close();
    }

    private void goodClientStillServed() {
        try (Session session = driver.session()) {
            assertThat(session.run("RETURN true AS ok").single().get("ok").asBoolean()).isTrue();
        }
    }

    private RawBoltClient authenticated() throws Exception {
        return authenticated(0);
    }

    /** @param receiveBuffer see {@link RawBoltClient#RawBoltClient(int, int)} */
    private RawBoltClient authenticated(int receiveBuffer) throws Exception {
        RawBoltClient client = new RawBoltClient(server.port(), receiveBuffer);
        client.handshake(BoltVersion.V5_8);
        client.send(new HelloMessage(Map.of("user_agent", "raw/1"), null),
                new LogonMessage(Map.of("scheme", "basic", "principal", "u", "credentials", "p")));
        client.receive();
        client.receive();
        return client;
    }

    @Test
    void garbageInsteadOfTheMagicIsClosed() throws Exception {
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.sendBytes("HELLO WORLD, PLEASE LET ME IN".getBytes());
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void aWrongMagicIsClosedWithoutAnAnswer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x18, 0, 0, 8, 5, 0, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, 0, 0});
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        goodClientStillServed();
    }

    @Test
    void noCommonVersionIsAnsweredWithZerosAndClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17, 0, 0, 0, 3, 0, 0, 0, 2,
                    0, 0, 0, 0, 0, 0, 0, 0});
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readInt()).isZero();
            assertThat(in.read()).isEqualTo(-1);
        }
        goodClientStillServed();
    }

    @Test
    void aPeerThatNeverSendsIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void aPeerThatNeverAuthenticatesIsClosedAfterTheAuthTimeout() throws Exception {
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(BoltVersion.V5_8);
            client.send(new HelloMessage(Map.of("user_agent", "raw/1"), null));
            assertThat(client.receive()).isInstanceOf(SuccessMessage.class);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anOversizedMessageBeforeAuthenticationIsRefused() throws Exception {
        try (RawBoltClient client = new RawBoltClient(server.port())) {
            client.handshake(BoltVersion.V5_8);
            client.send(new HelloMessage(Map.of("user_agent", "x".repeat(5000)), null));
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).isEqualTo(StatusCodes.REQUEST_INVALID);
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void deeplyNestedParametersAreRefused() throws Exception {
        Object nested = List.of();
        for (int i = 0; i < 40; i++) {
            nested = List.of(nested);
        }
        try (RawBoltClient client = authenticated()) {
            client.send(new RunMessage("RETURN $p", Map.of("p", nested)));
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).startsWith("Neo.ClientError.Request.");
            assertThat(failure.message()).containsIgnoringCase("depth");
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void unknownMessagesAndMalformedBytesAreRefused() throws Exception {
        try (RawBoltClient client = authenticated()) {
            client.sendBytes(new byte[] {0x00, 0x02, (byte) 0xB0, 0x55, 0x00, 0x00});
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).startsWith("Neo.ClientError.Request.");
            assertThat(client.closedByServer()).isTrue();
        }
        try (RawBoltClient client = authenticated()) {
            // a string declaring 2^31 bytes inside a three-byte message
            client.sendBytes(new byte[] {0x00, 0x08, (byte) 0xB3, 0x10, (byte) 0xD2, 0x7F, (byte) 0xFF, (byte) 0xFF,
                    (byte) 0xFF, 0x41, 0x00, 0x00});
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).startsWith("Neo.ClientError.Request.");
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void aUuidFromAClientThatNegotiatedBolt58IsRefused() throws Exception {
        try (RawBoltClient client = authenticated()) {
            // RUN "x" {p: <E0 + 16 bytes>} {}: marker E0 only exists from Bolt 6.1
            byte[] run = {0x00, 0x19, (byte) 0xB3, 0x10, (byte) 0x81, 0x78, (byte) 0xA1, (byte) 0x81, 0x70,
                    (byte) 0xE0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) 0xA0, 0x00, 0x00};
            client.sendBytes(run);
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).isEqualTo("Neo.ClientError.Request.InvalidFormat");
            assertThat(failure.message()).contains("UUID needs Bolt 6.1+");
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    @Timeout(60)
    void aPeerThatStopsReadingDoesNotDrainTheHandler() throws Exception {
        try (RawBoltClient client = authenticated(8 * 1024)) {
            client.send(new RunMessage("endless", Map.of()), PullMessage.all());
            // never read: the socket buffers fill, then the channel turns unwritable and pulling stops
            long stopped = Await.stable("rows taken from an endless handler", STOPPED, Duration.ofSeconds(30),
                    produced::get);
            assertThat(stopped).as("rows taken while the peer reads nothing").isPositive()
                    .isLessThan(ROWS_A_STALLED_PEER_MAY_COST);
            goodClientStillServed();
        }
    }

    @Test
    void aPeerThatPausesReadingGetsEveryRowOnceItReadsAgain() throws Exception {
        try (RawBoltClient client = authenticated(8 * 1024)) {
            client.send(new RunMessage("finite", Map.of()), PullMessage.all());
            long whilePaused = Await.stable("rows taken while the peer does not read", STOPPED,
                    Duration.ofSeconds(30), produced::get);
            assertThat(whilePaused).as("the server stopped pulling rows the peer could not take").isPositive()
                    .isLessThan(FINITE_ROWS);
            assertThat(client.receive()).isInstanceOf(SuccessMessage.class);
            long records = 0;
            BoltMessage message;
            while ((message = client.receive()) instanceof RecordMessage record) {
                records++;
                assertThat(record.values().get(0)).isEqualTo(records);
            }
            assertThat(records).isEqualTo(FINITE_ROWS);
            assertThat(message).isInstanceOf(SuccessMessage.class);
            assertThat(((SuccessMessage) message).metadata()).doesNotContainKey("has_more");
        }
        goodClientStillServed();
    }

    @Test
    void aFastReaderOfAllRowsGetsThemAllWhileTheChannelTurnsUnwritableAndBack() throws Exception {
        try (io.asyncbolt.client.BoltClient client = io.asyncbolt.client.BoltClient.create(
                "bolt://127.0.0.1:" + server.port(), io.asyncbolt.client.AuthToken.basic("u", "p"))) {
            AtomicLong records = new AtomicLong();
            client.session(io.asyncbolt.client.SessionConfig.defaults().withFetchSize(-1))
                    .run("finite", Map.of("n", FAST_READER_ROWS))
                    .thenCompose(cursor -> cursor.forEachAsync(record -> records.incrementAndGet()))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(records.get()).isEqualTo(FAST_READER_ROWS);
        }
        goodClientStillServed();
    }

    @Test
    void anOversizedMessageAfterAuthenticationIsRefused() throws Exception {
        try (RawBoltClient client = authenticated()) {
            client.send(new RunMessage("RETURN $p", Map.of("p", "x".repeat(100_000))));
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).isEqualTo(StatusCodes.REQUEST_INVALID);
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void aServerSideMessageSentToTheServerIsRefusedNotIgnored() throws Exception {
        for (BoltMessage wrongWay : List.<BoltMessage>of(new SuccessMessage(Map.of()), new RecordMessage(List.of(1L)),
                FailureMessage.of("Neo.ClientError.Statement.SyntaxError", "x"),
                io.asyncbolt.protocol.message.IgnoredMessage.INSTANCE)) {
            try (RawBoltClient client = authenticated()) {
                client.send(wrongWay);
                assertThat(client.receive()).as("the peer hears why instead of waiting forever")
                        .isInstanceOfSatisfying(FailureMessage.class, failure ->
                                assertThat(failure.code()).isEqualTo("Neo.ClientError.Request.Invalid"));
                assertThat(client.closedByServer()).as("then the connection is gone (DEFUNCT)").isTrue();
            }
        }
        goodClientStillServed();
    }

    @Test
    void aMessageInTheWrongStateIsRefused() throws Exception {
        try (RawBoltClient client = authenticated()) {
            client.send(CommitMessage.INSTANCE);
            FailureMessage failure = (FailureMessage) client.receive();
            assertThat(failure.code()).isEqualTo(StatusCodes.REQUEST_INVALID);
            assertThat(failure.message()).contains("COMMIT");
            assertThat(client.closedByServer()).isTrue();
        }
        goodClientStillServed();
    }

    @Test
    void aPeerThatVanishesMidTransactionHasItRolledBack() throws Exception {
        try (RawBoltClient client = authenticated()) {
            client.send(new BeginMessage(Map.of()), new RunMessage("RETURN 1", Map.of()));
            assertThat(client.receive()).isEqualTo(SuccessMessage.EMPTY);
            assertThat(client.receive()).isInstanceOf(SuccessMessage.class);
        }
        assertThat(rolledBack.get(5, TimeUnit.SECONDS)).startsWith("tx-");
        goodClientStillServed();
    }

    @Test
    void theServerOutlivesManyBadConnectionsAtOnce() throws Exception {
        List<RawBoltClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                RawBoltClient client = new RawBoltClient(server.port());
                client.sendBytes(new byte[] {0x60, 0x60, (byte) 0xB0});
                clients.add(client);
            }
            goodClientStillServed();
        } finally {
            for (RawBoltClient client : clients) {
                client.close();
            }
        }
    }
}
