package io.asyncbolt.bench;

import java.util.Locale;
import java.util.Map;

/** Prints the ratios that the benchmark targets are stated in, from one run's rows. */
final class Ratios {

    private Ratios() {
    }

    static void print(Map<String, LoadBenchmark.Row> rows) {
        System.out.println();
        System.out.println("Ratios (target in brackets):");
        ratio(rows, "asyncbolt server / Neo4j, official driver, RETURN 1 x32, ops/s [>= 2]",
                "asyncbolt|driver|return1:32", "neo4j|driver|return1:32", false, 2);
        ratio(rows, "asyncbolt server / Neo4j, official driver, stream fetch 1000, records/s [>= 1]",
                "asyncbolt|driver|stream:1000", "neo4j|driver|stream:1000", true, 1);
        ratio(rows, "asyncbolt server / Neo4j, official driver, stream fetch all, records/s [>= 1]",
                "asyncbolt|driver|stream:all", "neo4j|driver|stream:all", true, 1);
        ratio(rows, "asyncbolt client+server / raw Netty, sequential, ops/s [>= 0.5]",
                "asyncbolt|asyncbolt|return1:1", "raw|1x1", false, 0.5);
        ratio(rows, "asyncbolt client+server / raw Netty, 32 connections, ops/s [>= 0.5]",
                "asyncbolt|asyncbolt|return1:32", "raw|32x1", false, 0.5);
        ratio(rows, "asyncbolt client+server (direct executor) / raw Netty, sequential, ops/s [>= 0.5]",
                "asyncbolt-direct|asyncbolt|return1:1", "raw|1x1", false, 0.5);
        ratio(rows, "asyncbolt client+server (direct executor) / raw Netty, 32 connections, ops/s [>= 0.5]",
                "asyncbolt-direct|asyncbolt|return1:32", "raw|32x1", false, 0.5);
        ratio(rows, "asyncbolt client+server (non-blocking handler) / raw Netty, sequential, ops/s [>= 0.85]",
                "asyncbolt-nonblocking|asyncbolt|return1:1", "raw|1x1", false, 0.85);
        ratio(rows, "asyncbolt client+server (non-blocking handler) / raw Netty, 32 connections, ops/s [>= 0.7]",
                "asyncbolt-nonblocking|asyncbolt|return1:32", "raw|32x1", false, 0.7);
        for (String proxy : new String[] {"neo4j-proxy", "neo4j-proxy-reencode"}) {
            String what = proxy.equals("neo4j-proxy") ? "gateway" : "gateway re-encoding records";
            ratio(rows, what + " / Neo4j direct, official driver, RETURN 1 x32, ops/s [>= 0.7]",
                    proxy + "|driver|return1:32", "neo4j|driver|return1:32", false, 0.7);
            ratio(rows, what + " / Neo4j direct, official driver, RETURN 1 x1, ops/s [>= 0.7]",
                    proxy + "|driver|return1:1", "neo4j|driver|return1:1", false, 0.7);
            ratio(rows, what + " / Neo4j direct, official driver, stream fetch 1000, records/s [>= 0.7]",
                    proxy + "|driver|stream:1000", "neo4j|driver|stream:1000", true, 0.7);
        }
        LoadBenchmark.Row packed = rows.get("neo4j-proxy|driver|stream:1000");
        LoadBenchmark.Row reencoded = rows.get("neo4j-proxy-reencode|driver|stream:1000");
        if (packed != null && reencoded != null) {
            // both rows ran for the same seconds: CPU per record compares as CPU seconds over records/s
            System.out.printf(Locale.ROOT, "- gateway CPU per streamed record (fetch 1000), records passed on / "
                    + "re-encoded: %.2f (CPU s %.1f vs %.1f, records/s %d vs %d) [< 1]: %s%n",
                    packed.serverCpuSeconds() / packed.recordsPerSecond()
                            / (reencoded.serverCpuSeconds() / reencoded.recordsPerSecond()),
                    packed.serverCpuSeconds(), reencoded.serverCpuSeconds(), Math.round(packed.recordsPerSecond()),
                    Math.round(reencoded.recordsPerSecond()),
                    packed.serverCpuSeconds() / packed.recordsPerSecond()
                            < reencoded.serverCpuSeconds() / reencoded.recordsPerSecond() ? "met" : "MISSED");
        }
        for (String server : new String[] {"asyncbolt", "neo4j"}) {
            ratio(rows, "asyncbolt client / official driver on " + server + ", RETURN 1 x32, ops/s [>= 1.5]",
                    server + "|asyncbolt|return1:32", server + "|driver|return1:32", false, 1.5);
            for (String fetch : new String[] {"1000", "all"}) {
                ratio(rows, "asyncbolt client / official driver on " + server + ", stream fetch " + fetch
                        + ", records/s [>= 1.5]", server + "|asyncbolt|stream:" + fetch, server + "|driver|stream:" + fetch,
                        true, 1.5);
                LoadBenchmark.Row ours = rows.get(server + "|asyncbolt|stream:" + fetch);
                LoadBenchmark.Row theirs = rows.get(server + "|driver|stream:" + fetch);
                if (ours != null && theirs != null) {
                    System.out.printf(Locale.ROOT, "- client bytes allocated per record on %s, stream fetch %s: "
                            + "asyncbolt %.0f vs official driver %.0f [fewer]: %s%n", server, fetch,
                            ours.allocatedPerRecord(), theirs.allocatedPerRecord(),
                            ours.allocatedPerRecord() < theirs.allocatedPerRecord() ? "met" : "MISSED");
                }
            }
        }
    }

    private static void ratio(Map<String, LoadBenchmark.Row> rows, String label, String ours, String theirs,
            boolean records, double target) {
        LoadBenchmark.Row a = rows.get(ours);
        LoadBenchmark.Row b = rows.get(theirs);
        if (a == null || b == null) {
            return;
        }
        double x = records ? a.recordsPerSecond() / b.recordsPerSecond() : a.opsPerSecond() / b.opsPerSecond();
        System.out.printf(Locale.ROOT, "- %s: %.2f: %s%n", label, x, x >= target ? "met" : "MISSED");
    }
}
