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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * neo4j-harness, and the raw Netty loop of {@link RawNettyBenchmark} as the ceiling of the machine), clients
 * in this JVM (asyncbolt's client, the official driver's async API), a warm-up, then a timed run per
 * (server, client, workload). Prints one Markdown row each: operations/s, p50/p99 latency, records/s,
 * loopback MB/s, bytes the client allocated per record, and the CPU seconds of client and server; then the
 * ratios the project's targets are stated in.
 *
 * <pre>
 * java -cp bolt-benchmarks/target/benchmarks.jar io.asyncbolt.bench.LoadBenchmark \
 *     [--servers asyncbolt,asyncbolt-direct,asyncbolt-nonblocking,neo4j] [--clients asyncbolt,driver] [--raw 1x1,32x1,1x128,32x128]
 *     [--workloads return1:1,return1:8,return1:32,return1:128,stream:1000,stream:all,echo:map,echo:list,connect]
 *     [--warmup 4] [--seconds 8] [--server-jvm "extra server JVM flags"]
 * </pre>
 * Further servers, not in the default set: {@code asyncbolt-nonblocking} (the handler declared non-blocking,
 * called on the network thread), {@code asyncbolt-spring} (the same answers from a {@code @BoltHandler}
 * bean, {@link io.asyncbolt.bench.spring.SpringBenchServer}) and {@code neo4j-proxy} (a {@link ProxyBenchServer}
 * gateway in front of a Neo4j of its own; {@code neo4j-proxy-reencode}: the same gateway decoding and re-encoding
 * every record instead of passing its bytes on).
 */
public final class LoadBenchmark {

    private static final long STREAM_ROWS = 1_000_000;
    private static final long CONNECTION_LIFETIME_MICROS = 1_000;
    private static final java.util.concurrent.ScheduledExecutorService PAUSE =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "pause");
                t.setDaemon(true);
                return t;
            });
    private static final String DEFAULT_WORKLOADS =
            "return1:1,return1:8,return1:32,return1:128,stream:1000,stream:all,echo:map,echo:list,connect";

    private LoadBenchmark() {
    }

    /** One workload: the query and its parameters, the concurrency, the fetch size, a new connection each time. */
    record Workload(String name, String query, Map<String, Object> parameters, int sessions, long fetchSize,
            boolean newConnection) {
        static Workload parse(String spec) {
            String[] parts = spec.split(":");
            return switch (parts[0]) {
                case "return1" -> new Workload("RETURN 1 x" + parts[1], "RETURN 1", Map.of(), Integer.parseInt(parts[1]),
                        1000, false);
                case "stream" -> new Workload("stream 1M fetch " + parts[1],
                        "UNWIND range(1, $n) AS i RETURN i, 'name-' + i AS name", Map.of("n", STREAM_ROWS), 1,
                        parts[1].equals("all") ? -1 : Long.parseLong(parts[1]), false);
                case "echo" -> new Workload("RETURN $p, 10 KB " + parts[1], "RETURN $p AS p",
                        Map.of("p", parts[1].equals("map") ? EchoPayloads.map() : EchoPayloads.list()), 1, 1000, false);
                case "connect" -> new Workload("connect + HELLO + RETURN 1", "RETURN 1", Map.of(), 1, 1000, true);
                default -> throw new IllegalArgumentException("Unknown workload " + spec);
            };
        }
    }

    /** A client under test: runs one operation, counting each record it receives. */
    interface Client extends AutoCloseable {
        CompletionStage<Void> run(Workload workload, AtomicLong records);

        @Override
        void close();
    }

    /** One measured row. */
    record Row(String server, String client, String workload, double opsPerSecond, double p50Millis,
            double p99Millis, double recordsPerSecond, double megabytesPerSecond, double allocatedPerRecord,
            double clientCpuSeconds, double serverCpuSeconds, double serverSyscallsPerOp) {

        String markdown() {
            return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.1f | %s | %.1f | %.1f | %s |", server,
                    client, workload, number(opsPerSecond), millis(p50Millis), millis(p99Millis),
                    number(recordsPerSecond), megabytesPerSecond, number(allocatedPerRecord), clientCpuSeconds,
                    serverCpuSeconds, number(serverSyscallsPerOp));
        }

        private static String number(double value) {
            if (Double.isNaN(value)) {
                return "–";
            }
            return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
        }

        private static String millis(double value) {
            return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("servers", "asyncbolt,asyncbolt-direct,neo4j",
                "clients", "asyncbolt,driver", "workloads", DEFAULT_WORKLOADS, "raw", "1x1,32x1,1x128,32x128",
                "warmup", "4", "seconds", "8", "server-jvm", ""));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int warmup = Integer.parseInt(options.get("warmup"));
        int seconds = Integer.parseInt(options.get("seconds"));
        System.out.printf(Locale.ROOT, "%nJVM %s %s, %d cores, client flags %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "%n| server | client | workload | ops/s | p50 ms | p99 ms | records/s | MB/s (loopback) "
                + "| client alloc B/record | client CPU s | server CPU s | server read+write calls/op |%n");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, Row> rows = new LinkedHashMap<>();
        if (!options.get("raw").isBlank()) {
            try (ServerProcess server = ServerProcess.start("raw", options.get("server-jvm"))) {
                for (String shape : options.get("raw").split(",")) {
                    String[] parts = shape.split("x");
                    int connections = Integer.parseInt(parts[0]);
                    int inFlight = Integer.parseInt(parts[1]);
                    RawNettyBenchmark.run(server.port(), connections, inFlight, warmup);
                    Meter meter = Meter.start(server);
                    long ops = RawNettyBenchmark.run(server.port(), connections, inFlight, seconds);
                    Row row = meter.row("raw netty", "raw netty", "20 B -> 30 B x" + connections + " conn, " + inFlight
                            + " in flight", seconds, ops / (double) seconds, ops / (double) seconds, Double.NaN,
                            Double.NaN);
                    rows.put("raw|" + shape, row);
                    System.out.println(row.markdown());
                }
            }
        }
        for (String serverName : options.get("servers").split(",")) {
            if (serverName.isBlank()) {
                continue;
            }
            try (ServerProcess server = ServerProcess.start(serverName, options.get("server-jvm"))) {
                for (String clientName : options.get("clients").split(",")) {
                    for (String spec : options.get("workloads").split(",")) {
                        Workload workload = Workload.parse(spec);
                        try (Client client = client(clientName, server.uri(), workload)) {
                            measure(client, workload, warmup);
                            Meter meter = Meter.start(server);
                            Result result = measure(client, workload, seconds);
                            Row row = meter.row(serverName, clientName, workload.name(), seconds,
                                    result.opsPerSecond(), result.recordsPerSecond(), result.p50 / 1e6,
                                    result.p99 / 1e6);
                            rows.put(serverName + "|" + clientName + "|" + spec, row);
                            System.out.println(row.markdown());
                        }
                    }
                }
            }
        }
        Ratios.print(rows);
        System.exit(0);
    }

    /** Counters read before a measured run: CPU of both processes, loopback bytes, client allocation. */
    record Meter(ServerProcess server, long serverCpu, long clientCpu, long loopbackAtStart, Map<Long, Long> allocatedAtStart,
            long serverSyscallsAtStart, long tcpOpensAtStart, long started) {
        static Meter start(ServerProcess server) throws IOException {
            return new Meter(server, server.cpuNanos(), processCpuNanos(), loopbackBytes(), allocatedBytes(),
                    server.ioSyscalls(), tcpActiveOpens(), System.nanoTime());
        }

        /**
         * The row of a run that just ended; counters are divided by the operations and records the run's
         * own wall time gave at the measured rates.
         */
        Row row(String serverName, String clientName, String workload, int seconds, double opsPerSecond,
                double recordsPerSecond, double p50, double p99) throws IOException {
            double elapsed = (System.nanoTime() - started) / 1e9;
            double ops = opsPerSecond * elapsed;
            double records = recordsPerSecond * elapsed;
            long allocated = allocatedSince(allocatedAtStart);
            long opens = tcpActiveOpens() - tcpOpensAtStart;
            String label = workload.startsWith("connect")
                    ? String.format(Locale.ROOT, "%s (%.2f new connections/op)", workload, ops == 0 ? 0 : opens / ops)
                    : workload;
            return new Row(serverName, clientName, label, opsPerSecond, p50, p99, recordsPerSecond,
                    (loopbackBytes() - loopbackAtStart) / 1e6 / elapsed,
                    records == 0 ? Double.NaN : allocated / records,
                    (processCpuNanos() - clientCpu) / 1e9, (server.cpuNanos() - serverCpu) / 1e9,
                    ops == 0 ? Double.NaN : (server.ioSyscalls() - serverSyscallsAtStart) / ops);
        }
    }

    /** Rates of one measured run, and latency percentiles in nanoseconds. */
    record Result(double opsPerSecond, double recordsPerSecond, long p50, long p99) {
    }

    /**
     * Runs {@code workload.sessions()} closed loops for {@code seconds}; operations and records are counted as
     * they complete within the window (records one by one, so long streams are not rounded to whole operations).
     */
    private static Result measure(Client client, Workload workload, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong records = new AtomicLong();
        AtomicLong ops = new AtomicLong();
        int capacity = Math.max(1 << 15, (1 << 22) / workload.sessions());
        List<long[]> latencies = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        for (int i = 0; i < workload.sessions(); i++) {
            long[] lat = new long[capacity];
            int[] count = new int[1];
            latencies.add(lat);
            counts.add(count);
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops.add(done);
            loop(client, workload, running, records, ops, lat, count, done);
        }
        Thread.sleep(seconds * 1000L);
        long opsInWindow = ops.get();
        long recordsInWindow = records.get();
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        int total = counts.stream().mapToInt(c -> Math.min(c[0], capacity)).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < latencies.size(); i++) {
            int n = Math.min(counts.get(i)[0], capacity);
            System.arraycopy(latencies.get(i), 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        double opsPerSecond = opsInWindow / (double) seconds;
        double recordsPerSecond = recordsInWindow / (double) seconds;
        if (opsInWindow < 50 && all.length > 0) {
            // long operations (1M-row streams): counting whole ones in the window is too coarse, and a
            // client may hand records over only at the end; by Little's law, from their mean latency
            double meanSeconds = Arrays.stream(all).average().orElse(0) / 1e9;
            long totalOps = ops.get();
            opsPerSecond = workload.sessions() / meanSeconds;
            recordsPerSecond = opsPerSecond * records.get() / (double) Math.max(1, totalOps);
        }
        return new Result(opsPerSecond, recordsPerSecond, all.length == 0 ? 0 : all[all.length / 2],
                all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 99L / 100)]);
    }

    private static void loop(Client client, Workload workload, AtomicBoolean running, AtomicLong records,
            AtomicLong ops, long[] lat, int[] count, CompletableFuture<Void> done) {
        if (!running.get()) {
            done.complete(null);
            return;
        }
        long start = System.nanoTime();
        client.run(workload, records).whenComplete((n, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
                return;
            }
            int i = count[0]++;
            if (i < lat.length) {
                lat[i] = System.nanoTime() - start;
            }
            ops.incrementAndGet();
            if (workload.newConnection()) {
                // past the official driver's shortest connection lifetime (1 ms), so that its pool, like
                // ours, opens a new connection for every operation
                PAUSE.schedule(() -> loop(client, workload, running, records, ops, lat, count, done),
                        2 * CONNECTION_LIFETIME_MICROS, TimeUnit.MICROSECONDS);
            } else {
                loop(client, workload, running, records, ops, lat, count, done);
            }
        });
    }

    private static Client client(String name, String uri, Workload workload) {
        int pool = Math.max(1, workload.sessions());
        return switch (name) {
            case "asyncbolt" -> new Client() {
                final BoltClient client = BoltClient.create(uri, AuthToken.none(), workload.newConnection()
                        ? ClientConfig.builder().maxPoolSize(pool)
                                .maxConnectionLifetime(Duration.ofNanos(CONNECTION_LIFETIME_MICROS * 1000)).build()
                        : ClientConfig.builder().maxPoolSize(pool).build());

                @Override
                public CompletionStage<Void> run(Workload w, AtomicLong records) {
                    return client.session(SessionConfig.defaults().withFetchSize(w.fetchSize()))
                            .run(w.query(), w.parameters())
                            .thenCompose(cursor -> cursor.forEachAsync(r -> records.incrementAndGet()))
                            .thenApply(summary -> null);
                }

                @Override
                public void close() {
                    client.close();
                }
            };
            case "driver" -> new Client() {
                final Driver driver = GraphDatabase.driver(uri, AuthTokens.none(), driverConfig(pool, workload));

                @Override
                public CompletionStage<Void> run(Workload w, AtomicLong records) {
                    AsyncSession session = driver.session(AsyncSession.class,
                            org.neo4j.driver.SessionConfig.builder().withFetchSize(w.fetchSize()).build());
                    return session.runAsync(w.query(), w.parameters())
                            .thenCompose(cursor -> cursor.forEachAsync(r -> records.incrementAndGet()))
                            .thenCompose(summary -> session.closeAsync());
                }

                @Override
                public void close() {
                    driver.close();
                }
            };
            default -> throw new IllegalArgumentException("Unknown client " + name);
        };
    }

    private static Config driverConfig(int pool, Workload workload) {
        Config.ConfigBuilder config = Config.builder().withoutEncryption().withMaxConnectionPoolSize(pool)
                .withLogging(org.neo4j.driver.Logging.none());
        if (workload.newConnection()) {
            config.withMaxConnectionLifetime(CONNECTION_LIFETIME_MICROS, TimeUnit.MICROSECONDS);
        }
        return config.build();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Bytes allocated so far by each live thread of this JVM (the clients' event loops among them), by id; not
     * the calling thread's, which runs the benchmark (its latency arrays, tens of MB) and no client work beyond
     * the first operation of each session.
     */
    private static Map<Long, Long> allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        long self = Thread.currentThread().getId();
        Map<Long, Long> byThread = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0 && ids[i] != self) {
                byThread.put(ids[i], bytes[i]);
            }
        }
        return byThread;
    }

    /**
     * Bytes allocated since {@code before} by the threads alive now (a thread that ended in between is not
     * counted, so a client whose threads come and go is flattered, never charged twice).
     */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> now : allocatedBytes().entrySet()) {
            sum += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return sum;
    }

    /** TCP connections this machine has opened so far (ActiveOpens of /proc/net/snmp). */
    private static long tcpActiveOpens() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("Tcp:") && lines.get(i + 1).startsWith("Tcp:")) {
                List<String> names = Arrays.asList(lines.get(i).split("\\s+"));
                return Long.parseLong(lines.get(i + 1).split("\\s+")[names.indexOf("ActiveOpens")]);
            }
        }
        return 0;
    }

    /** Bytes received on the loopback interface so far (each byte sent between client and server once). */
    private static long loopbackBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/net/dev"))) {
            String trimmed = line.trim();
            if (trimmed.startsWith("lo:")) {
                return Long.parseLong(trimmed.substring(3).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** A server JVM: asyncbolt's BenchServer, Neo4j through the harness launcher, or the raw Netty responder. */
    static final class ServerProcess implements AutoCloseable {

        private final Process process;
        private final String address;
        /** The server behind this one (the gateway's Neo4j), stopped with it; null for the others. */
        private ServerProcess upstream;

        private ServerProcess(Process process, String address) {
            this.process = process;
            this.address = address;
        }

        /** Starts a server JVM with {@code -Xmx1g} and the given extra JVM flags (space-separated, may be blank). */
        static ServerProcess start(String name, String jvmFlags) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx1g");
            for (String flag : jvmFlags.trim().split("\\s+")) {
                if (!flag.isEmpty()) {
                    command.add(flag);
                }
            }
            String own = System.getProperty("java.class.path");
            switch (name) {
                case "asyncbolt" -> command.addAll(List.of("-cp", own, BenchServer.class.getName()));
                case "asyncbolt-direct" -> command.addAll(List.of("-cp", own, BenchServer.class.getName(), "direct"));
                case "asyncbolt-nonblocking" -> command.addAll(List.of("-cp", own, BenchServer.class.getName(),
                        "nonblocking"));
                case "asyncbolt-spring" -> command.addAll(List.of("-cp", own,
                        io.asyncbolt.bench.spring.SpringBenchServer.class.getName()));
                case "raw" -> command.addAll(List.of("-cp", own, RawNettyBenchmark.class.getName()));
                case "neo4j-proxy", "neo4j-proxy-reencode" -> {
                    // Neo4j behind the gateway: the measured process (CPU, system calls) is the gateway
                    // (and the extra JVM flags are the gateway's)
                    ServerProcess neo4j = start("neo4j", "");
                    try {
                        List<String> proxyCommand = new ArrayList<>(command.subList(0, command.size()));
                        proxyCommand.addAll(List.of("-cp", own, ProxyBenchServer.class.getName(), neo4j.uri()));
                        if (name.endsWith("-reencode")) {
                            proxyCommand.add("reencode");
                        }
                        ServerProcess proxy = startCommand(name, proxyCommand);
                        proxy.upstream = neo4j;
                        return proxy;
                    } catch (IOException | RuntimeException e) {
                        neo4j.close();
                        throw e;
                    }
                }
                case "neo4j" -> {
                    Path module = Path.of("bolt-test-tools", "neo4j", "target");
                    String classpath = module.resolve("bolt-test-neo4j-0.1.0-SNAPSHOT.jar") + File.pathSeparator
                            + Files.readString(module.resolve("neo4j.classpath")).trim();
                    command.addAll(List.of("-cp", classpath, "io.asyncbolt.testtools.Neo4jLauncher", "0", "none"));
                }
                default -> throw new IllegalArgumentException("Unknown server " + name);
            }
            return startCommand(name, command);
        }

        private static ServerProcess startCommand(String name, List<String> command) throws IOException {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BOLT ") || line.startsWith("LISTEN ")) {
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
                    return new ServerProcess(process, line.substring(line.indexOf(' ') + 1));
                }
            }
            throw new IllegalStateException(name + " server exited before serving");
        }

        String uri() {
            return "bolt://" + address;
        }

        int port() {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }

        /** User plus system CPU time of the server process, from /proc (Linux). */
        long cpuNanos() throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 10_000_000L; // 100 clock ticks per second
        }

        /** Read and write system calls of the server process so far (socket, eventfd and pipe), from /proc. */
        long ioSyscalls() throws IOException {
            long calls = 0;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "io"))) {
                if (line.startsWith("syscr:") || line.startsWith("syscw:")) {
                    calls += Long.parseLong(line.substring(6).trim());
                }
            }
            return calls;
        }

        @Override
        public void close() throws IOException {
            try {
                stop();
            } finally {
                if (upstream != null) {
                    upstream.close();
                }
            }
        }

        private void stop() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
