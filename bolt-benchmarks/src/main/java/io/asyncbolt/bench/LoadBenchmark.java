package io.asyncbolt.bench;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.client.SessionConfig;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.async.AsyncSession;

/**
 * End-to-end load benchmark: servers in their own JVMs (asyncbolt's {@link BenchServer}, Neo4j 5.26 via
 * neo4j-harness), clients in this JVM (asyncbolt's client, the official driver's async API), a warm-up,
 * then a timed run per (server, client, workload). Prints one Markdown row each: operations/s, p50/p99
 * latency, records/s, and the CPU seconds of client and server.
 *
 * <pre>
 * java -cp bolt-benchmarks/target/benchmarks.jar io.asyncbolt.bench.LoadBenchmark \
 *     [--servers asyncbolt,neo4j] [--clients asyncbolt,driver] [--workloads return1:1,return1:32,stream:1000,stream:all]
 *     [--warmup 5] [--seconds 10]
 * </pre>
 */
public final class LoadBenchmark {

    private static final long STREAM_ROWS = 1_000_000;

    private LoadBenchmark() {
    }

    /** One workload: the query and its parameters, the concurrency and the fetch size. */
    record Workload(String name, String query, Map<String, Object> parameters, int sessions, long fetchSize) {
        static Workload parse(String spec) {
            String[] parts = spec.split(":");
            return switch (parts[0]) {
                case "return1" -> new Workload("RETURN 1 x" + parts[1], "RETURN 1", Map.of(), Integer.parseInt(parts[1]),
                        1000);
                case "stream" -> new Workload("stream 1M fetch " + parts[1], "UNWIND range(1, $n) AS i RETURN i, 'name-' + i AS name",
                        Map.of("n", STREAM_ROWS), 1, parts[1].equals("all") ? -1 : Long.parseLong(parts[1]));
                default -> throw new IllegalArgumentException("Unknown workload " + spec);
            };
        }
    }

    /** A client under test: runs one operation and reports how many records it received. */
    interface Client extends AutoCloseable {
        CompletionStage<Long> run(Workload workload);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("servers", "asyncbolt,neo4j",
                "clients", "asyncbolt,driver", "workloads", "return1:1,return1:32,stream:1000,stream:all",
                "warmup", "5", "seconds", "10"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int warmup = Integer.parseInt(options.get("warmup"));
        int seconds = Integer.parseInt(options.get("seconds"));
        System.out.printf(Locale.ROOT, "%n| server | client | workload | ops/s | p50 ms | p99 ms | records/s | client CPU s | server CPU s |%n");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
        for (String serverName : options.get("servers").split(",")) {
            try (ServerProcess server = ServerProcess.start(serverName)) {
                for (String clientName : options.get("clients").split(",")) {
                    for (String spec : options.get("workloads").split(",")) {
                        Workload workload = Workload.parse(spec);
                        try (Client client = client(clientName, server.uri(), workload)) {
                            measure(client, workload, warmup);
                            long serverCpu = server.cpuNanos();
                            long clientCpu = processCpuNanos();
                            Result result = measure(client, workload, seconds);
                            System.out.printf(Locale.ROOT, "| %s | %s | %s | %,.0f | %.3f | %.3f | %,.0f | %.1f | %.1f |%n",
                                    serverName, clientName, workload.name(), result.ops / (double) seconds,
                                    result.p50 / 1e6, result.p99 / 1e6, result.records / (double) seconds,
                                    (processCpuNanos() - clientCpu) / 1e9, (server.cpuNanos() - serverCpu) / 1e9);
                        }
                    }
                }
            }
        }
        System.exit(0);
    }

    record Result(long ops, long records, long p50, long p99) {
    }

    /** Runs {@code workload.sessions()} closed loops for {@code seconds}. */
    private static Result measure(Client client, Workload workload, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong records = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < workload.sessions(); i++) {
            long[] lat = new long[1 << 21];
            int[] count = new int[1];
            latencies.add(lat);
            counts.add(count);
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops.add(done);
            loop(client, workload, running, records, lat, count, done);
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        int total = counts.stream().mapToInt(c -> Math.min(c[0], 1 << 21)).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < latencies.size(); i++) {
            int n = Math.min(counts.get(i)[0], 1 << 21);
            System.arraycopy(latencies.get(i), 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        long ops = counts.stream().mapToLong(c -> c[0]).sum();
        return new Result(ops, records.get(), all.length == 0 ? 0 : all[all.length / 2],
                all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 99L / 100)]);
    }

    private static void loop(Client client, Workload workload, AtomicBoolean running, AtomicLong records, long[] lat,
            int[] count, CompletableFuture<Void> done) {
        if (!running.get()) {
            done.complete(null);
            return;
        }
        long start = System.nanoTime();
        client.run(workload).whenComplete((n, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            int i = count[0]++;
            if (i < lat.length) {
                lat[i] = System.nanoTime() - start;
            }
            records.addAndGet(n);
            loop(client, workload, running, records, lat, count, done);
        });
    }

    private static Client client(String name, String uri, Workload workload) {
        int pool = Math.max(1, workload.sessions());
        return switch (name) {
            case "asyncbolt" -> new Client() {
                final BoltClient client = BoltClient.create(uri, AuthToken.none(),
                        ClientConfig.builder().maxPoolSize(pool).build());

                @Override
                public CompletionStage<Long> run(Workload w) {
                    AtomicLong n = new AtomicLong();
                    return client.session(SessionConfig.defaults().withFetchSize(w.fetchSize()))
                            .run(w.query(), w.parameters())
                            .thenCompose(cursor -> cursor.forEachAsync(r -> n.incrementAndGet()))
                            .thenApply(summary -> n.get());
                }

                @Override
                public void close() {
                    client.close();
                }
            };
            case "driver" -> new Client() {
                final Driver driver = GraphDatabase.driver(uri, AuthTokens.none(),
                        Config.builder().withoutEncryption().withMaxConnectionPoolSize(pool)
                                .withLogging(org.neo4j.driver.Logging.none()).build());

                @Override
                public CompletionStage<Long> run(Workload w) {
                    AsyncSession session = driver.session(AsyncSession.class,
                            org.neo4j.driver.SessionConfig.builder().withFetchSize(w.fetchSize()).build());
                    AtomicLong n = new AtomicLong();
                    return session.runAsync(w.query(), w.parameters())
                            .thenCompose(cursor -> cursor.forEachAsync(r -> n.incrementAndGet()))
                            .thenCompose(summary -> session.closeAsync())
                            .thenApply(v -> n.get());
                }

                @Override
                public void close() {
                    driver.close();
                }
            };
            default -> throw new IllegalArgumentException("Unknown client " + name);
        };
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A server JVM: asyncbolt's BenchServer or Neo4j through the harness launcher. */
    static final class ServerProcess implements AutoCloseable {

        private final Process process;
        private final String uri;

        private ServerProcess(Process process, String uri) {
            this.process = process;
            this.uri = uri;
        }

        static ServerProcess start(String name) throws IOException, InterruptedException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = switch (name) {
                case "asyncbolt" -> List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                        BenchServer.class.getName());
                case "neo4j" -> {
                    Path module = Path.of("bolt-test-tools", "neo4j", "target");
                    String classpath = module.resolve("bolt-test-neo4j-0.1.0-SNAPSHOT.jar") + File.pathSeparator
                            + Files.readString(module.resolve("neo4j.classpath")).trim();
                    yield List.of(java, "-Xmx1g", "-cp", classpath, "io.asyncbolt.testtools.Neo4jLauncher", "0", "none");
                }
                default -> throw new IllegalArgumentException("Unknown server " + name);
            };
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BOLT ")) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // discard
                            }
                        } catch (IOException ignored) {
                            // ended
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return new ServerProcess(process, "bolt://" + line.substring(5));
                }
            }
            throw new IllegalStateException(name + " server exited before serving");
        }

        String uri() {
            return uri;
        }

        /** User plus system CPU time of the server process, from /proc (Linux). */
        long cpuNanos() throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // 100 clock ticks per second
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
