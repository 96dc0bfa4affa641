package io.asyncbolt.bench;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.proxy.BoltProxy;
import io.asyncbolt.proxy.UpstreamAuth;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The gateway of the load benchmark ({@code --servers neo4j-proxy}), in its own JVM: a {@link BoltProxy} on
 * 127.0.0.1 (port 0) in front of the upstream given as the first argument ({@code bolt://host:port}, no
 * authentication; every downstream client accepted), with its defaults otherwise; a second argument
 * {@code reencode} turns {@link BoltProxy.Builder#packedRecords packed records} off. Prints {@code BOLT host:port}; stops when standard input ends.
 */
public final class ProxyBenchServer {

    private ProxyBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        BoltProxy proxy = BoltProxy.builder(args[0])
                .upstreamAuth(UpstreamAuth.serviceAccount(AuthToken.none(), false))
                .authenticator(io.asyncbolt.server.Authenticator.ALLOW_ALL) // the benchmark's clients send no credentials
                .packedRecords(!(args.length > 1 && args[1].equals("reencode")))
                .address("127.0.0.1").port(0)
                .start();
        System.out.println("BOLT 127.0.0.1:" + proxy.port());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // serve until the benchmark closes our input
            }
        }
        proxy.shutdown(Duration.ofSeconds(5)).join();
        System.exit(0);
    }
}
