package io.asyncbolt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bolt-core's packages form layers, read from the imports of its sources: no package cycle, the public
 * packages below never reach into the internal ones, and the values and the protocol's public part
 * depend on nothing above them.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package (io\\.asyncbolt[\\w.]*);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?(io\\.asyncbolt(?:\\.[a-z]\\w*)*)\\.[A-Z]", Pattern.MULTILINE);

    @Test
    void thePackagesHaveNoCycle() {
        Map<String, Set<String>> graph = dependencies();
        List<String> cycle = findCycle(graph);
        assertThat(cycle).as("a package cycle").isEmpty();
    }

    @Test
    void valuesAndTheProtocolsPublicPartDependOnNothingAbove() {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph.get("io.asyncbolt.value")).isSubsetOf("io.asyncbolt.protocol");
        assertThat(graph.get("io.asyncbolt.protocol")).isEmpty();
        assertThat(graph.get("io.asyncbolt.protocol.message")).isEmpty();
    }

    @Test
    void onlyTheEnginesUseTheInternalPackages() {
        dependencies().forEach((from, to) -> {
            if (!from.startsWith("io.asyncbolt.internal") && !from.equals("io.asyncbolt.server")
                    && !from.equals("io.asyncbolt.client")) {
                assertThat(to).as(from).noneMatch(p -> p.startsWith("io.asyncbolt.internal"));
            }
        });
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String source = read(f);
                Matcher pkg = PACKAGE.matcher(source);
                if (!pkg.find()) {
                    return;
                }
                Set<String> to = graph.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
                Matcher imp = IMPORT.matcher(source);
                while (imp.find()) {
                    if (!imp.group(1).equals(pkg.group(1))) {
                        to.add(imp.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    /** A cycle as the packages along it, or empty. */
    private static List<String> findCycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : graph.keySet()) {
            List<String> cycle = visit(start, graph, new ArrayList<>(), done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
        int seen = path.indexOf(node);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(node);
            return cycle;
        }
        if (!done.add(node)) {
            return List.of();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = visit(next, graph, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        return List.of();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
