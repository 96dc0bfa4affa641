package io.asyncbolt.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Neo4j's cypher-shell 5.26 as a separate Java process, with the class path that the
 * {@code bolt-test-tools/cypher-shell} module resolved (it brings its own Neo4j driver 5.x, so it cannot share the
 * tests' class path).
 */
public final class CypherShellRunner {

    private static final Path CLASSPATH_FILE = Path.of("..", "bolt-test-tools", "cypher-shell", "target", "cypher-shell.classpath")
            .toAbsolutePath().normalize();

    /** What the process printed and how it ended. */
    public record Outcome(int exitCode, String stdout, String stderr) {
    }

    private CypherShellRunner() {
    }

    /** Whether the build resolved cypher-shell (it does in a full reactor build). */
    public static boolean available() {
        return Files.isRegularFile(CLASSPATH_FILE);
    }

    /** {@code cypher-shell -a <uri> -u <user> -p <password> --format plain --non-interactive <query>}. */
    public static Outcome run(String uri, String user, String password, String query)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", Files.readString(CLASSPATH_FILE).trim(), "org.neo4j.shell.Main",
                "-a", uri, "-u", user, "-p", password, "--format", "plain", "--non-interactive", query));
        Path out = Files.createTempFile("cypher-shell", ".out");
        Path err = Files.createTempFile("cypher-shell", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cypher-shell did not finish within 90 s: " + Files.readString(err));
            }
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
