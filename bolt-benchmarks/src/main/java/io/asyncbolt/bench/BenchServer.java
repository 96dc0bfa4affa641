package io.asyncbolt.bench;

import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The asyncbolt server of the load benchmarks, in its own JVM: {@code RETURN 1} gives a constant row,
 * {@code UNWIND range(1, $n) ...} streams {@code (i, 'name-' + i)} rows, anything else echoes {@code $p}.
 * Prints {@code BOLT host:port}; stops when standard input ends. With the argument {@code direct}, the
 * handler runs on the network threads ({@code BoltServer.Builder.directExecutor()}); by default on the
 * server's handler pool, as for any embedder that does not choose. With {@code nonblocking}, the handler
 * is declared non-blocking ({@code QueryHandler.nonBlocking}): called on the network thread, its lazy rows
 * read on the pool.
 */
public final class BenchServer {

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        List<Object> one = List.of(1L);
        BoltServer.Builder builder = BoltServer.builder();
        if (args.length > 0 && args[0].equals("direct")) {
            builder.directExecutor();
        }
        // no built-in answers: RETURN 1 is answered by this handler, as any application query would be
        boolean nonBlocking = args.length > 0 && args[0].equals("nonblocking");
        io.asyncbolt.server.QueryHandler handler = query -> {
            String statement = query.statement();
            if (statement.equals("RETURN 1")) {
                return CompletableFuture.completedFuture(QueryResult.of(List.of("1"), List.of(one)));
            }
            if (statement.startsWith("UNWIND")) {
                long n = ((Number) query.parameters().get("n")).longValue();
                Iterator<List<Object>> rows = new Iterator<>() {
                    long i = 1;

                    @Override
                    public boolean hasNext() {
                        return i <= n;
                    }

                    @Override
                    public List<Object> next() {
                        long value = i++;
                        return List.of(value, "name-" + value);
                    }
                };
                return CompletableFuture.completedFuture(QueryResult.of(List.of("i", "name"), rows));
            }
            return CompletableFuture.completedFuture(QueryResult.single(Map.of("p", query.parameters().get("p"))));
        };
        BoltServer server = builder.port(0).recvTimeoutHint(java.time.Duration.ZERO)
                .systemQueries(io.asyncbolt.server.SystemQueries.none())
                .queryHandler(nonBlocking ? io.asyncbolt.server.QueryHandler.nonBlocking(handler) : handler).start();
        System.out.println("BOLT 127.0.0.1:" + server.port());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // serve until the benchmark closes our input
            }
        }
        server.close();
        System.exit(0);
    }
}
