package io.asyncbolt.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the npm {@code neo4j-driver} through Node.js ({@code src/test/js/bolt-client.mjs}, installed by
 * the build with {@code npm ci}) with a scenario, and returns what it printed.
 */
public final class NodeDriverRunner {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Path SCRIPT_DIR = Path.of("src", "test", "js").toAbsolutePath();

    private NodeDriverRunner() {
    }

    /** Runs the scenario (see the script's header) and returns {@code results}, one element per step. */
    public static JsonNode run(Map<String, Object> scenario) throws IOException, InterruptedException {
        Path output = Files.createTempFile("node-driver", ".json");
        Path errors = Files.createTempFile("node-driver", ".err");
        try {
            Process process = new ProcessBuilder("node", "bolt-client.mjs", JSON.writeValueAsString(scenario))
                    .directory(SCRIPT_DIR.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node did not finish within 60 s: " + Files.readString(errors));
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0 || out.isBlank()) {
                throw new AssertionError("node exited with " + process.exitValue() + ": " + Files.readString(errors)
                        + out);
            }
            return JSON.readTree(out).get("results");
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
