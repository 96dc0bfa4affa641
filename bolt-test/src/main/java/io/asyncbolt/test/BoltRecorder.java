package io.asyncbolt.test;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.SystemQueries;
import io.asyncbolt.test.internal.RecordingHandlers;
import io.asyncbolt.test.internal.ScriptWriter;
import io.asyncbolt.test.internal.StubSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * Records a conversation with a real Bolt server (Neo4j) as a text script for {@link BoltStub}: a Bolt server
 * on {@code 127.0.0.1} (ephemeral port) that forwards every RUN, BEGIN, COMMIT and ROLLBACK with the asyncbolt
 * client and writes down each request with its answer.
 *
 * <pre>{@code
 * try (BoltRecorder recorder = BoltRecorder.forward("bolt://localhost:7687", AuthToken.basic("neo4j", "secret"))
 *         .loosely("createdAt")                       // written as *: changes from run to run
 *         .start()) {
 *     // run the test against recorder.uri()
 *     recorder.writeTo(Path.of("src/test/resources/scripts/orders.bolt"));
 * }
 * // later, without Neo4j: BoltStub.fromResource("scripts/orders.bolt").start()
 * }</pre>
 *
 * Bookmarks are replayed as recorded and not checked on BEGIN; parameters named with {@link Builder#loosely}
 * match any value. Records hold what JSON can say (numbers, strings, booleans, lists, maps) and graph values
 * (nodes, relationships, paths); temporal and spatial values are written as strings, with a comment saying so.
 */
public final class BoltRecorder implements AutoCloseable {

    private final BoltServer server;
    private final BoltClient client;
    private final ScriptWriter writer;

    private BoltRecorder(BoltServer server, BoltClient client, ScriptWriter writer) {
        this.server = server;
        this.client = client;
        this.writer = writer;
    }

    /** A recorder forwarding to {@code uri} (any asyncbolt client URI) with these credentials. */
    public static Builder forward(String uri, AuthToken auth) {
        return new Builder(uri, auth);
    }

    /** {@code bolt://127.0.0.1:<port>}: point the client under test here. */
    public URI uri() {
        return URI.create("bolt://127.0.0.1:" + server.localAddress().getPort());
    }

    /** The script recorded so far. */
    public String script() {
        return writer.text();
    }

    /** Writes the script recorded so far (UTF-8), creating parent directories. */
    public void writeTo(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, script(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the recorded script to " + file, e);
        }
    }

    /** Stops the recorder and its client. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            client.close();
        }
    }

    /** What to forward to and what to write loosely. */
    public static final class Builder {
        private final String uri;
        private final AuthToken auth;
        private Set<String> loose = Set.of();

        private Builder(String uri, AuthToken auth) {
            this.uri = uri;
            this.auth = auth;
        }

        /** Parameters whose values change from run to run (timestamps, ids): written as {@code *}. */
        public Builder loosely(String... parameterNames) {
            this.loose = Set.of(parameterNames);
            return this;
        }

        public BoltRecorder start() {
            BoltClient client = BoltClient.create(uri, auth);
            ScriptWriter writer = new ScriptWriter("Recorded by BoltRecorder from " + uri + " at " + Instant.now(), loose);
            RecordingHandlers handlers = new RecordingHandlers(client, writer);
            try {
                BoltServer server = BoltServer.builder().address("127.0.0.1").port(0).agent(StubSettings.DEFAULT_AGENT)
                        .queryHandler(handlers).transactionHandler(handlers).systemQueries(SystemQueries.none())
                        .start();
                return new BoltRecorder(server, client, writer);
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }
}
