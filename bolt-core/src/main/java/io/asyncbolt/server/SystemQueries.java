package io.asyncbolt.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Built-in answers to the queries tools send when they connect (cypher-shell, Neo4j Browser, driver
 * connectivity checks). Matched on the normalised statement, ignoring case, exactly; a procedure call
 * also matches when more clauses follow it ({@code CALL dbms.components() YIELD ...}). Consulted before
 * the application's {@link QueryHandler}; replace or remove entries to change that.
 */
public final class SystemQueries {

    private final Map<String, Function<Query, QueryResult>> answers;

    private SystemQueries(Map<String, Function<Query, QueryResult>> answers) {
        this.answers = Collections.unmodifiableMap(answers);
    }

    /** No built-in answers. */
    public static SystemQueries none() {
        return new SystemQueries(new LinkedHashMap<>());
    }

    /**
     * The default answers, describing a single-instance Neo4j of the given version with the databases
     * {@code defaultDatabase} and {@code system}.
     */
    public static SystemQueries defaults(String neo4jVersion, String defaultDatabase) {
        Map<String, Function<Query, QueryResult>> a = new LinkedHashMap<>();
        a.put("call db.ping()", q -> row(List.of("success"), true));
        a.put("return 1", q -> row(List.of("1"), 1L));
        a.put("call dbms.components()", q -> q.normalizedStatement().toLowerCase(Locale.ROOT).contains("unwind versions")
                ? row(List.of("name", "version", "edition"), "Neo4j Kernel", neo4jVersion, "community")
                : row(List.of("name", "versions", "edition"), "Neo4j Kernel", List.of(neo4jVersion), "community"));
        a.put("call dbms.licenseAgreementDetails()", q -> row(List.of("status", "daysLeftOnTrial", "totalTrialDays"),
                "yes", 0L, 0L));
        a.put("call dbms.showCurrentUser()", q -> row(List.of("username", "roles", "flags"),
                q.context().principal() == null ? "anonymous" : q.context().principal().getName(),
                List.of("admin"), List.of()));
        a.put("call dbms.clientConfig()", q -> rows(List.of("name", "description", "value")));
        a.put("show databases", q -> databases(List.of(defaultDatabase, "system"), defaultDatabase));
        a.put("show database", q -> databases(List.of(defaultDatabase, "system"), defaultDatabase));
        a.put("show default database", q -> databases(List.of(defaultDatabase), defaultDatabase));
        a.put("show home database", q -> databases(List.of(defaultDatabase), defaultDatabase));
        a.put("show procedures", q -> rows(List.of("name", "description", "mode", "worksOnSystem", "signature")));
        a.put("show functions", q -> rows(List.of("name", "category", "description", "signature")));
        a.put("call db.labels()", q -> rows(List.of("label")));
        a.put("call db.relationshipTypes()", q -> rows(List.of("relationshipType")));
        a.put("call db.propertyKeys()", q -> rows(List.of("propertyKey")));
        a.put("match () return count(*) as count", q -> row(List.of("count"), 0L));
        a.put("match ()-->() return count(*) as count", q -> row(List.of("count"), 0L));
        return new SystemQueries(lowerKeys(a));
    }

    /** A copy in which {@code statement} (normalised, any case) is answered by {@code answer}. */
    public SystemQueries with(String statement, Function<Query, QueryResult> answer) {
        Map<String, Function<Query, QueryResult>> copy = new LinkedHashMap<>(answers);
        copy.put(key(statement), answer);
        return new SystemQueries(copy);
    }

    /** A copy without the answer for {@code statement}. */
    public SystemQueries without(String statement) {
        Map<String, Function<Query, QueryResult>> copy = new LinkedHashMap<>(answers);
        copy.remove(key(statement));
        return new SystemQueries(copy);
    }

    /** The built-in answer, or null when the statement is not one of them. */
    QueryResult answer(Query query) {
        if (answers.isEmpty()) {
            return null;
        }
        String statement = query.normalizedStatement().toLowerCase(Locale.ROOT);
        Function<Query, QueryResult> exact = answers.get(statement);
        if (exact != null) {
            return exact.apply(query);
        }
        int space = statement.startsWith("call ") ? statement.indexOf(' ', 5) : -1;
        while (space > 0) {
            Function<Query, QueryResult> prefix = answers.get(statement.substring(0, space));
            if (prefix != null) {
                return prefix.apply(query);
            }
            space = statement.indexOf(' ', space + 1);
        }
        return null;
    }

    private static QueryResult databases(List<String> names, String defaultDatabase) {
        List<String> fields = List.of("name", "type", "aliases", "access", "address", "role", "writer",
                "requestedStatus", "currentStatus", "statusMessage", "default", "home", "constituents");
        List<List<?>> rows = new ArrayList<>();
        for (String name : names) {
            boolean isDefault = name.equals(defaultDatabase);
            rows.add(Arrays.asList(name, name.equals("system") ? "system" : "standard", List.of(), "read-write",
                    "localhost:7687", "primary", true, "online", "online", "", isDefault, isDefault, List.of()));
        }
        return QueryResult.of(fields, rows);
    }

    private static QueryResult row(List<String> fields, Object... values) {
        return QueryResult.of(fields, List.of(Arrays.asList(values)));
    }

    private static QueryResult rows(List<String> fields) {
        return QueryResult.of(fields, List.<List<?>>of());
    }

    private static String key(String statement) {
        return Statements.normalize(statement).toLowerCase(Locale.ROOT);
    }

    private static Map<String, Function<Query, QueryResult>> lowerKeys(Map<String, Function<Query, QueryResult>> map) {
        Map<String, Function<Query, QueryResult>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(key(k), v));
        return out;
    }
}
