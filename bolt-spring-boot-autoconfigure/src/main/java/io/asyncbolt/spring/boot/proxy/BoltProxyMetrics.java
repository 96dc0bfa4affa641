package io.asyncbolt.spring.boot.proxy;

import io.asyncbolt.proxy.ProxyAuditListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's audit events as Micrometer meters: the timer {@code bolt.proxy.requests} (each statement's
 * duration) and the distribution summary {@code bolt.proxy.records} (records passed on per statement), both
 * tagged with the low-cardinality keys {@code database} ({@code (home)} for the user's home database; at most
 * {@value #MAX_DATABASES} names, then {@code other}), {@code mode} ({@code READ}, {@code WRITE}),
 * {@code outcome} ({@code SUCCEEDED}, {@code FAILED}, {@code REFUSED}, {@code CANCELLED}) and {@code code}
 * (the Neo4j status code of a failure or refusal, else {@code none}). Never tagged with statements,
 * parameters or users: those are in the audit log ({@link ProxyAuditListener#slf4j()}).
 */
public class BoltProxyMetrics implements ProxyAuditListener {

    /** The most database names used as tag values; names beyond are tagged {@code other}. */
    public static final int MAX_DATABASES = 64;

    private static final String DATABASE_NOT_FOUND = "Neo.ClientError.Database.DatabaseNotFound";

    private final MeterRegistry meters;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    public BoltProxyMetrics(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    @Override
    public void statement(Event event) {
        Tags tags = tags(event);
        Timer.builder("bolt.proxy.requests").description("Statements run through the Bolt gateway").tags(tags)
                .register(meters).record(event.duration());
        DistributionSummary.builder("bolt.proxy.records").description("Records passed on per statement")
                .tags(tags).register(meters).record(event.records());
    }

    /** The tags of {@code event}'s meters; override to add some (never high-cardinality ones). */
    protected Tags tags(Event event) {
        return Tags.of("database", database(event), "mode", String.valueOf(event.mode()),
                "outcome", event.outcome().name(), "code", event.code() == null ? "none" : event.code());
    }

    private String database(Event event) {
        String name = event.database();
        if (name == null) {
            return "(home)";
        }
        if (DATABASE_NOT_FOUND.equals(event.code())) {
            return "other"; // names nobody has: never tag values
        }
        if (databases.contains(name)) {
            return name;
        }
        synchronized (databases) {
            if (databases.size() < MAX_DATABASES) {
                databases.add(name);
                return name;
            }
        }
        return databases.contains(name) ? name : "other";
    }
}
