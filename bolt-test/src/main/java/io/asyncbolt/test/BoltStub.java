package io.asyncbolt.test;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.server.SystemQueries;
import io.asyncbolt.test.internal.Conversation;
import io.asyncbolt.test.internal.ScriptParser;
import io.asyncbolt.test.internal.StubHandlers;
import io.asyncbolt.test.internal.StubSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A scripted Bolt server for tests: it listens on {@code 127.0.0.1} on an ephemeral port, starts in
 * milliseconds, speaks Bolt 4.4 to 6.1 over TCP and WebSocket (TLS optional) and presents itself as
 * {@code Neo4j/5.26.0}, so the official drivers and the asyncbolt client talk to it as to Neo4j (tools
 * that probe the server on connecting, such as cypher-shell's {@code CALL db.ping()}, need those queries
 * in the script). What the clients must send and what the stub answers is a {@link Script}, written with the Java
 * DSL ({@link #script()}) or as a text script ({@link #fromResource(String)}).
 *
 * <pre>{@code
 * try (BoltStub stub = BoltStub.script()
 *         .expectRun("MATCH (p:Person) RETURN p.name AS name").returns("name").row("Ada").row("Grace")
 *         .start();
 *      Driver driver = GraphDatabase.driver(stub.uri(), AuthTokens.none())) {
 *     List<String> names = driver.executableQuery("MATCH (p:Person) RETURN p.name AS name").execute()
 *             .records().stream().map(r -> r.get("name").asString()).toList();
 *     stub.verify();
 * }
 * }</pre>
 *
 * <p>What a script checks: every RUN (statement, parameters, and for auto-commit queries the extras:
 * database, access mode, bookmarks, metadata, timeout, impersonated user), BEGIN (its extras), COMMIT and
 * ROLLBACK, from every connection, in the order they reach the stub. ROUTE is checked when the script
 * expects it and otherwise answered with the stub in every role. HELLO and LOGON are accepted (any
 * credentials, unless {@link ScriptBuilder#credentials} names some); PULL, DISCARD, RESET, TELEMETRY and
 * GOODBYE are handled by the server engine as Neo4j does: records stream in batches of the client's fetch
 * size.
 *
 * <p>A message that does not follow the script fails the conversation: the client gets
 * {@code Neo.ClientError.Request.Invalid} whose message is a diff of what was expected and what came
 * (statement, parameters, extras), every later message is refused the same way, and {@link #verify()}
 * throws that diff as an {@link AssertionError} together with the transcript of what was received.
 * {@code verify()} also fails while the script still expects messages.
 */
public final class BoltStub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BoltStub.class);

    private final BoltServer server;
    private final Conversation conversation;
    private final String scriptName;

    private BoltStub(BoltServer server, Conversation conversation, String scriptName) {
        this.server = server;
        this.conversation = conversation;
        this.scriptName = scriptName;
    }

    /** Starts writing a script with the Java DSL; {@link ScriptBuilder#start()} starts the stub. */
    public static ScriptBuilder script() {
        return new ScriptBuilder("script");
    }

    /**
     * Reads a text script from the class path (the format is in the {@linkplain io.asyncbolt.test package
     * documentation}), e.g.
     * {@code BoltStub.fromResource("scripts/people.bolt").start()}. More steps may be added in Java after it.
     *
     * @throws IllegalArgumentException when the resource is missing or not a valid script (the message
     *                                  names the line)
     */
    public static ScriptBuilder fromResource(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = BoltStub.class.getClassLoader();
        }
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("No Bolt stub script " + name + " on the class path");
            }
            return fromText(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Bolt stub script " + name, e);
        }
    }

    /** Reads a text script; {@code name} appears in messages ({@code name:line}). */
    public static ScriptBuilder fromText(String name, String text) {
        ScriptBuilder builder = new ScriptBuilder(name);
        ScriptParser.parse(name, text, builder.items, builder.settings);
        return builder;
    }

    /** Starts a stub with this script and the default settings. */
    public static BoltStub start(Script script) {
        return start(script, StubSettings.defaults());
    }

    static BoltStub start(Script script, StubSettings settings) {
        long started = System.nanoTime();
        Conversation conversation = new Conversation(script.steps());
        BoltServer[] server = new BoltServer[1];
        StubHandlers handlers = new StubHandlers(conversation, () -> "127.0.0.1:" + server[0].port());
        BoltServer.Builder builder = BoltServer.builder()
                .address("127.0.0.1")
                .port(0)
                .agent(settings.agent())
                .versions(settings.versions())
                .queryHandler(handlers)
                .transactionHandler(handlers)
                .routing(handlers)
                .systemQueries(SystemQueries.none())
                .directExecutor();
        if (settings.user() != null) {
            builder.authenticator(token -> {
                if (settings.user().equals(token.principal()) && settings.password().equals(token.credentials())) {
                    return new BoltUser(token.principal());
                }
                throw new BoltException(StatusCodes.UNAUTHORIZED, "The client is unauthorized due to authentication failure.");
            });
        }
        if (settings.sslContext() != null) {
            builder.tls(settings.sslContext(), settings.tlsRequired());
        }
        server[0] = builder.start();
        BoltStub stub = new BoltStub(server[0], conversation, script.name());
        log.debug("Bolt stub for {} on {} started in {} ms", script.name(), stub.uri(),
                (System.nanoTime() - started) / 1_000_000);
        return stub;
    }

    /** {@code bolt://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("bolt://127.0.0.1:" + port());
    }

    /** {@code neo4j://127.0.0.1:<port>}: drivers first ask the stub for a routing table. */
    public URI routingUri() {
        return URI.create("neo4j://127.0.0.1:" + port());
    }

    /** The port the stub listens on. */
    public int port() {
        return server.port();
    }

    /** Appends a script's steps to what the stub still expects (e.g. a test adding to a stub it was given). */
    public BoltStub add(Script script) {
        conversation.append(Objects.requireNonNull(script).steps());
        return this;
    }

    /** Appends the steps written so far with {@code builder} (its settings are ignored). */
    public BoltStub add(ScriptBuilder builder) {
        return add(builder.build());
    }

    /**
     * Starts the conversation over, as if the stub were new: forgets the messages received and any mismatch,
     * and expects {@code script}'s steps from now on (its settings are ignored). Connections stay open; this
     * is how a stub serves one test after another.
     */
    public BoltStub reset(Script script) {
        conversation.reset(Objects.requireNonNull(script).steps());
        return this;
    }

    /** The messages received so far, in order. */
    public List<ReceivedMessage> received() {
        return conversation.received();
    }

    /**
     * Checks that the clients followed the script to its end.
     *
     * @throws AssertionError with the diff of the first message that did not follow the script, or the
     *                        expectations not met yet, and the transcript of what was received
     */
    public void verify() {
        conversation.verify();
    }

    /** Stops the stub, closing every connection; does not verify. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "BoltStub[" + scriptName + " on " + uri() + "]";
    }
}
