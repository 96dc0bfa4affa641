package io.asyncbolt.testtools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts Neo4j in this JVM with neo4j-harness, Bolt on 127.0.0.1, and prints {@code BOLT host:port} once
 * it serves. Stops when standard input ends or says {@code STOP}.
 *
 * <p>Arguments: {@code <port or 0> <password or "none" to disable auth> [working directory]}.
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        String password = args.length > 1 ? args[1] : "none";
        Path workDir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("neo4j-harness");
        if (port == 0) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }
        boolean auth = !password.equals("none");
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.auth_enabled, auth)
                .build();
        if (auth) {
            neo4j.databaseManagementService().database("system").executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD '" + password.replace("'", "\\'") + "' CHANGE NOT REQUIRED");
        }
        System.out.println("BOLT 127.0.0.1:" + port);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("STOP")) {
                // keep serving
            }
        } finally {
            neo4j.close();
        }
        System.exit(0);
    }
}
