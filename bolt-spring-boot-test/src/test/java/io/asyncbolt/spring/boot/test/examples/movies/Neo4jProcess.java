package io.asyncbolt.spring.boot.test.examples.movies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Neo4j 5.26 for recording (a copy of bolt-core's test fixture), started with neo4j-harness in its own JVM (it brings its own
 * Netty and libraries, which cannot share the tests' class path). The class path comes from the
 * {@code bolt-test-tools/neo4j} module of the build. Authentication is on: user {@code neo4j}, password
 * {@link #PASSWORD}.
 */
final class Neo4jProcess implements AutoCloseable {

    public static final String USER = "neo4j";
    public static final String PASSWORD = "asyncbolt-secret";

    private static final Path MODULE = Path.of("..", "bolt-test-tools", "neo4j", "target").toAbsolutePath().normalize();
    private static final Path CLASSPATH_FILE = MODULE.resolve("neo4j.classpath");
    private static Neo4jProcess shared;

    private Process process;
    private int port;
    private final StringBuffer output = new StringBuffer();

    private Neo4jProcess() {
    }

    /** Whether the build resolved neo4j-harness (it does in a full reactor build). */
    public static boolean available() {
        return Files.isRegularFile(CLASSPATH_FILE);
    }

    /** One Neo4j shared by all tests of this JVM, started on first use and stopped at exit. */
    public static synchronized Neo4jProcess shared() throws IOException, InterruptedException {
        if (shared == null) {
            Neo4jProcess started = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            shared = started;
        }
        return shared;
    }

    /** A Neo4j of its own on {@code port} (0: any free port). */
    public static Neo4jProcess start(int port) throws IOException, InterruptedException {
        Neo4jProcess neo4j = new Neo4jProcess();
        neo4j.launch(port);
        return neo4j;
    }

    public int port() {
        return port;
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + port;
    }

    /** Stops the server and starts it again on the same port (a new, empty database). */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch(port);
    }

    /** Stops the server; {@link #restart()} brings it back. */
    public void stop() {
        Process p = process;
        process = null;
        if (p == null) {
            return;
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write("STOP\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch(int onPort) throws IOException, InterruptedException {
        String classpath = MODULE.resolve("bolt-test-neo4j-0.1.0-SNAPSHOT.jar") + java.io.File.pathSeparator
                + Files.readString(CLASSPATH_FILE).trim();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-cp", classpath, "io.asyncbolt.testtools.Neo4jLauncher",
                String.valueOf(onPort), PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Integer> bound = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("BOLT ")) {
                        bound.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1)));
                    } else if (output.length() < 64_000) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            bound.completeExceptionally(new IllegalStateException("Neo4j exited before serving:\n" + output));
        }, "neo4j-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = bound.get(180, TimeUnit.SECONDS);
            process = p;
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("Neo4j did not start: " + e.getMessage() + "\n" + output, e);
        }
    }
}
