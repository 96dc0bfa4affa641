package io.asyncbolt.bench;

import io.asyncbolt.test.BoltStub;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;

/**
 * What a repository test pays for its database: a {@link BoltStub} playing the movie script recorded from
 * Neo4j ({@code bolt-spring-boot-test/src/test/resources/scripts/movies.bolt}) against Neo4j 5.26 started
 * through bolt-test-tools (neo4j-harness in its own JVM, as the tests start it). Both answer the same
 * conversation, the seven transactions Spring Data Neo4j sends for {@code MovieScenario} (finders, a
 * {@code @Query}, a save), driven by the official driver.
 *
 * <ul>
 *   <li>stub, warm: start the stub from the script, connect, run the conversation, verify, close; in this JVM
 *       after warm-up runs (a test class after the first in a test JVM);</li>
 *   <li>stub, cold: the same in a fresh JVM, measured from the JVM's start to the end of the run (JVM
 *       start-up and class loading included: the first test class of a JVM);</li>
 *   <li>Neo4j: launch the Neo4j JVM until Bolt serves, seed the four movies, run the conversation, stop it.</li>
 * </ul>
 *
 * Run from the repository root after {@code mvn -q -pl bolt-benchmarks -am package -DskipTests} and
 * {@code mvn -q -f bolt-test-tools/pom.xml package}:
 * {@code java -cp bolt-benchmarks/target/benchmarks.jar io.asyncbolt.bench.StubStartupBenchmark
 * [--warmup 20] [--runs 50] [--cold 5] [--neo4j 5]}.
 */
public final class StubStartupBenchmark {

    private static final String SCRIPT = "bolt-spring-boot-test/src/test/resources/scripts/movies.bolt";

    private static final String FIND_BY_TITLE = "MATCH (movie:`Movie`) WHERE movie.title = $title RETURN movie{.released, "
            + ".tagline, .title, __nodeLabels__: labels(movie), __elementId__: elementId(movie)}";
    private static final String RELEASED_BEFORE = "MATCH (movie:`Movie`) WHERE movie.released < $year RETURN "
            + "movie{.released, .tagline, .title, __nodeLabels__: labels(movie), __elementId__: elementId(movie)} "
            + "ORDER BY movie.released";
    private static final String COUNT_BETWEEN = "MATCH (m:Movie) WHERE m.released >= $from AND m.released < $to "
            + "RETURN count(m)";
    private static final String SAVE = "OPTIONAL MATCH (hlp:`Movie`) WHERE hlp.title = $__id__ WITH hlp WHERE hlp IS "
            + "NULL CREATE (movie:`Movie`) WITH movie SET movie += $__properties__ RETURN movie UNION MATCH "
            + "(movie:`Movie`) WHERE movie.title = $__id__ WITH movie SET movie += $__properties__ RETURN movie";
    private static final String SEED = "CREATE (:Movie {title: 'The Matrix', released: 1999, tagline: 'Welcome to "
            + "the Real World'}), (:Movie {title: 'Metropolis', released: 1927, tagline: 'The city of the future'}), "
            + "(:Movie {title: 'Nosferatu', released: 1922, tagline: 'A symphony of horror'}), (:Movie {title: "
            + "'Alien', released: 1979, tagline: 'In space no one can hear you scream'})";

    /** One transaction of the conversation and how many records it returns. */
    private record Step(String statement, Map<String, Object> parameters, int records) {
    }

    private static final List<Step> CONVERSATION = List.of(
            new Step(FIND_BY_TITLE, Map.of("title", "The Matrix"), 1),
            new Step(FIND_BY_TITLE, Map.of("title", "Solaris"), 0),
            new Step(RELEASED_BEFORE, Map.of("year", 1950), 2),
            new Step(COUNT_BETWEEN, Map.of("0", 1970, "1", 2000, "from", 1970, "to", 2000), 1),
            new Step(SAVE, Map.of("__id__", "Solaris", "__properties__",
                    Map.of("tagline", "A planet that thinks", "title", "Solaris", "released", 1972)), 1),
            new Step(FIND_BY_TITLE, Map.of("title", "Solaris"), 1),
            new Step(COUNT_BETWEEN, Map.of("0", 1970, "1", 2000, "from", 1970, "to", 2000), 1));

    private StubStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("warmup", "20", "runs", "50", "cold", "5", "neo4j", "5",
                "script", SCRIPT));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String script = Files.readString(Path.of(options.get("script")));
        if (Arrays.asList(args).contains("--child")) {
            stubRun(script);   // one cold run, timed from this JVM's start
            System.out.println("COLD " + ManagementFactory.getRuntimeMXBean().getUptime());
            System.out.flush();
            System.exit(0);
        }
        int warmup = Integer.parseInt(options.get("warmup"));
        int runs = Integer.parseInt(options.get("runs"));
        int cold = Integer.parseInt(options.get("cold"));
        int neo4jRuns = Integer.parseInt(options.get("neo4j"));

        List<Double> coldRuns = new ArrayList<>();
        for (int i = 0; i < cold; i++) {
            coldRuns.add(coldStubRun(options.get("script")));
        }
        for (int i = 0; i < warmup; i++) {
            stubRun(script);
        }
        List<Double> starts = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            double start = stubRun(script);
            warm.add(millis(t0));
            starts.add(start);
        }
        List<Double> neo4jStarts = new ArrayList<>();
        List<Double> neo4jConversations = new ArrayList<>();
        List<Double> neo4jTotals = new ArrayList<>();
        List<Double> neo4jStops = new ArrayList<>();
        for (int i = 0; i < neo4jRuns; i++) {
            double[] run = neo4jRun();
            neo4jStarts.add(run[0]);
            neo4jConversations.add(run[1]);
            neo4jTotals.add(run[2]);
            neo4jStops.add(run[2] - run[0] - run[1]);
        }

        System.out.printf("%nJava %s, %d cores; %d warm-up runs, %d warm runs, %d cold runs, %d Neo4j runs%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmup, runs, cold,
                neo4jRuns);
        System.out.println("| what | median ms | min ms | max ms |");
        System.out.println("|---|---:|---:|---:|");
        row("stub: start (warm JVM)", starts);
        row("stub: start + conversation + verify + close (warm JVM)", warm);
        row("stub: the same in a fresh JVM, from its start (cold)", coldRuns);
        row("Neo4j: launch until Bolt serves", neo4jStarts);
        row("Neo4j: seed + conversation", neo4jConversations);
        row("Neo4j: stop", neo4jStops);
        row("Neo4j: launch + seed + conversation + stop", neo4jTotals);
        if (!neo4jTotals.isEmpty()) {
            System.out.printf("%nNeo4j total / stub (cold): %.0fx; Neo4j total / stub (warm): %.0fx%n",
                    median(neo4jTotals) / median(coldRuns), median(neo4jTotals) / median(warm));
        }
    }

    /** One stub run; returns the milliseconds the stub took to start. */
    private static double stubRun(String script) {
        long t0 = System.nanoTime();
        try (BoltStub stub = BoltStub.fromText("movies.bolt", script).start()) {
            double started = millis(t0);
            try (Driver driver = driver(stub.uri().toString())) {
                converse(driver);
            }
            stub.verify();
            return started;
        }
    }

    private static double coldStubRun(String script) throws IOException, InterruptedException {
        List<String> command = List.of(java(), "-cp", System.getProperty("java.class.path"),
                StubStartupBenchmark.class.getName(), "--script", script, "--child");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("COLD ")) {
                    double uptime = Double.parseDouble(line.substring(5).trim());
                    process.waitFor(60, TimeUnit.SECONDS);
                    return uptime;
                }
            }
        } finally {
            process.destroyForcibly();
        }
        throw new IllegalStateException("the cold stub run failed");
    }

    /** Launch (until Bolt serves), seed + conversation, and the whole run with the stop, in milliseconds. */
    private static double[] neo4jRun() throws IOException, InterruptedException {
        Path module = Path.of("bolt-test-tools", "neo4j", "target");
        String classpath = module.resolve("bolt-test-neo4j-0.1.0-SNAPSHOT.jar") + File.pathSeparator
                + Files.readString(module.resolve("neo4j.classpath")).trim();
        List<String> command = List.of(java(), "-Xmx768m", "-XX:+UseSerialGC", "-cp", classpath,
                "io.asyncbolt.testtools.Neo4jLauncher", "0", "none");
        long t0 = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String address = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BOLT ")) {
                    address = line.substring(5).trim();
                    break;
                }
            }
            if (address == null) {
                throw new IllegalStateException("Neo4j exited before serving");
            }
            double started = millis(t0);
            long t1 = System.nanoTime();
            try (Driver driver = driver("bolt://" + address)) {
                driver.executableQuery(SEED).execute();
                converse(driver);
            }
            double conversation = millis(t1);
            try (OutputStream in = process.getOutputStream()) {
                in.write("STOP\n".getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Neo4j did not stop");
            }
            return new double[] {started, conversation, millis(t0)};
        } finally {
            process.destroyForcibly();
        }
    }

    private static void converse(Driver driver) {
        try (Session session = driver.session()) {
            for (Step step : CONVERSATION) {
                try (Transaction tx = session.beginTransaction()) {
                    int records = tx.run(step.statement(), step.parameters()).list().size();
                    if (records != step.records()) {
                        throw new IllegalStateException(records + " records instead of " + step.records() + " for "
                                + step.statement());
                    }
                    tx.commit();
                }
            }
        }
    }

    private static Driver driver(String uri) {
        return GraphDatabase.driver(uri, AuthTokens.none(), Config.builder().withoutEncryption()
                .withLogging(Logging.none()).build());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static double millis(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void row(String what, List<Double> values) {
        if (values.isEmpty()) {
            return;
        }
        System.out.printf("| %s | %,.1f | %,.1f | %,.1f |%n", what, median(values),
                values.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                values.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    }
}
