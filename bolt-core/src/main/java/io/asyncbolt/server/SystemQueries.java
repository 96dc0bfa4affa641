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
 * also matches when more clauses follow it ({@code CALL dbms.components() YIELD ...}), and a
 * {@code SHOW} command when a {@code YIELD} clause follows it ({@code SHOW PROCEDURES YIELD name, ...},
 * answered with all its columns), and a key {@code CALL name(*)} matches every call of that procedure.
 * Consulted before the application's {@link QueryHandler}; replace or remove entries to change that, e.g.
 * {@link #withCatalog} to show the application's labels and counts.
 */
public final class SystemQueries {

    /**
     * The labels, relationship types and property keys Neo4j Browser polls every 20 s; answered with
     * one {@code result} column and a row {@code {name, data}} for each (empty lists by default).
     */
    public static final String BROWSER_META_TYPES = "CALL db.labels() YIELD label"
            + " RETURN {name:'labels', data:COLLECT(label)[..1000]} AS result UNION ALL"
            + " CALL db.relationshipTypes() YIELD relationshipType"
            + " RETURN {name:'relationshipTypes', data:COLLECT(relationshipType)[..1000]} AS result UNION ALL"
            + " CALL db.propertyKeys() YIELD propertyKey"
            + " RETURN {name:'propertyKeys', data:COLLECT(propertyKey)[..1000]} AS result";

    /** The node and relationship counts Neo4j Browser polls; rows {@code {name: 'nodes'|'relationships', data}}. */
    public static final String BROWSER_META_COUNTS = "MATCH () RETURN { name:'nodes', data:count(*) } AS result"
            + " UNION ALL MATCH ()-[]->() RETURN { name:'relationships', data: count(*)} AS result";

    /** The single metadata query of Neo4j Browser before 5.x split it: types, functions, procedures, counts. */
    public static final String BROWSER_META_LEGACY = BROWSER_META_TYPES
            + " UNION ALL CALL dbms.functions() YIELD name, signature, description"
            + " RETURN {name:'functions', data: collect({name: name, signature: signature, description: description})}"
            + " AS result UNION ALL CALL dbms.procedures() YIELD name, signature, description"
            + " RETURN {name:'procedures', data:collect({name: name, signature: signature, description: description})}"
            + " AS result UNION ALL " + BROWSER_META_COUNTS;

    /**
     * The query Neo4j Browser sends after drawing nodes, for the relationships between the nodes it shows
     * ({@code $existingNodeIds}) and those it just added ({@code $newNodeIds}); one column {@code r}, no rows by
     * default (an application whose nodes are related answers it with {@link #with}, or maps it exactly).
     */
    public static final String BROWSER_RELATIONSHIPS =
            "MATCH (a)-[r]->(b) WHERE id(a) IN $existingNodeIds AND id(b) IN $newNodeIds RETURN r";

    /**
     * The key of the answers to {@code CALL dbms.queryJmx(...)} with any argument (Neo4j Browser's
     * {@code :sysinfo} and its legacy form): no rows, with the columns asked for ({@code group, name,
     * attributes} for the Browser's {@code ... RETURN "<group>" AS group, name, attributes}, else Neo4j's
     * {@code name, description, attributes}), so the Browser shows its "metrics missing" note. A key of the
     * form {@code CALL procedure(*)} matches calls of that procedure with any arguments.
     */
    public static final String QUERY_JMX = "CALL dbms.queryJmx(*)";

    /**
     * The key of the answer to any {@code EXPLAIN ...}: like Neo4j, no records (the query is not run) and
     * a plan in the summary; {@code without(EXPLAIN)} passes EXPLAIN to the application instead.
     */
    public static final String EXPLAIN = "explain";

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
        return defaults(neo4jVersion, defaultDatabase, () -> "localhost:7687");
    }

    /**
     * The default answers, with {@code address} ({@code host:port}, asked per query: the bound or advertised
     * address of the server) as the databases' address in {@code SHOW DATABASES}.
     */
    public static SystemQueries defaults(String neo4jVersion, String defaultDatabase,
            java.util.function.Supplier<String> address) {
        Map<String, Function<Query, QueryResult>> a = new LinkedHashMap<>();
        a.put(EXPLAIN, q -> QueryResult.empty(new ResultSummary("r", Map.of(), List.of(), null, Map.of(
                "operatorType", "ProduceResults@" + defaultDatabase, "identifiers", List.of(),
                "arguments", Map.of("planner", "COST", "runtime", "PIPELINED", "Details", "the statement is "
                        + "answered by the application; its plan is not known"), "children", List.of()))));
        a.put("call db.ping()", q -> row(List.of("success"), true));
        a.put("return 1", q -> row(List.of("1"), 1L));
        a.put("call dbms.components()", q -> q.normalizedStatement().toLowerCase(Locale.ROOT).contains("unwind versions")
                ? row(List.of("name", "version", "edition"), "Neo4j Kernel", neo4jVersion, "community")
                : row(List.of("name", "versions", "edition"), "Neo4j Kernel", List.of(neo4jVersion), "community"));
        a.put("call dbms.licenseAgreementDetails()", q -> row(List.of("status", "daysLeftOnTrial", "totalTrialDays"),
                "yes", 0L, 0L));
        a.put("call dbms.showCurrentUser()", q -> row(List.of("username", "roles", "flags"),
                q.context().principal() == null ? "anonymous" : q.context().principal().getName(),
                roles(q.context().principal()), List.of()));
        // a single instance has no cluster: Neo4j (community, single) answers these as unknown procedures,
        // and tools (Neo4j Browser's :sysinfo) fall back on that answer
        for (String cluster : List.of("call dbms.cluster.overview()", "call dbms.cluster.role()",
                "call dbms.cluster.routing.getRoutingTable()")) {
            a.put(cluster, q -> {
                throw new BoltException(StatusCodes.PROCEDURE_NOT_FOUND, "There is no procedure with the name `"
                        + cluster.substring("call ".length(), cluster.indexOf('('))
                        + "` registered for this database instance. Please ensure you've spelled the procedure name "
                        + "correctly and that the procedure is properly deployed.");
            });
        }
        a.put("call dbms.clientConfig()", q -> rows(List.of("name", "description", "value")));
        a.put("show databases", q -> databases(List.of(defaultDatabase, "system"), defaultDatabase, address.get()));
        a.put("show database", q -> databases(List.of(defaultDatabase, "system"), defaultDatabase, address.get()));
        a.put("show default database", q -> databases(List.of(defaultDatabase), defaultDatabase, address.get()));
        a.put("show home database", q -> databases(List.of(defaultDatabase), defaultDatabase, address.get()));
        a.put("show procedures", q -> rows(List.of("name", "description", "mode", "worksOnSystem", "signature")));
        a.put("show functions", q -> rows(List.of("name", "category", "description", "signature")));
        catalogAnswers(a, () -> Catalog.EMPTY);
        a.put(BROWSER_RELATIONSHIPS, q -> rows(List.of("r")));
        a.put(QUERY_JMX, q -> rows(q.normalizedStatement().toLowerCase(Locale.ROOT).contains(" as group")
                ? List.of("group", "name", "attributes") : List.of("name", "description", "attributes")));
        return new SystemQueries(lowerKeys(a));
    }

    /**
     * What the database holds, as the schema and count procedures tell tools: {@code db.labels()},
     * {@code db.relationshipTypes()}, {@code db.propertyKeys()}, node and relationship counts, and Neo4j
     * Browser's polls of them (its sidebar).
     *
     * @param labels            node labels, e.g. {@code Author}
     * @param relationshipTypes relationship types, e.g. {@code WROTE}
     * @param propertyKeys      property keys, e.g. {@code name}
     * @param nodes             the number of nodes
     * @param relationships     the number of relationships
     */
    public record Catalog(List<String> labels, List<String> relationshipTypes, List<String> propertyKeys, long nodes,
            long relationships) {

        /** Nothing: what the defaults answer. */
        public static final Catalog EMPTY = new Catalog(List.of(), List.of(), List.of(), 0, 0);

        public Catalog {
            labels = List.copyOf(labels);
            relationshipTypes = List.copyOf(relationshipTypes);
            propertyKeys = List.copyOf(propertyKeys);
        }
    }

    /**
     * A copy whose schema and count answers ({@link Catalog}) come from {@code catalog}, asked on the handler
     * executor for each such query (it may count rows in the application's store).
     */
    public SystemQueries withCatalog(java.util.function.Supplier<Catalog> catalog) {
        Map<String, Function<Query, QueryResult>> copy = new LinkedHashMap<>(answers);
        Map<String, Function<Query, QueryResult>> replaced = new LinkedHashMap<>();
        catalogAnswers(replaced, catalog);
        copy.putAll(lowerKeys(replaced));
        return new SystemQueries(copy);
    }

    private static void catalogAnswers(Map<String, Function<Query, QueryResult>> a,
            java.util.function.Supplier<Catalog> catalog) {
        a.put("call db.labels()", q -> column("label", catalog.get().labels()));
        a.put("call db.relationshipTypes()", q -> column("relationshipType", catalog.get().relationshipTypes()));
        a.put("call db.propertyKeys()", q -> column("propertyKey", catalog.get().propertyKeys()));
        a.put("match () return count(*) as count", q -> row(List.of("count"), catalog.get().nodes()));
        a.put("match ()-->() return count(*) as count", q -> row(List.of("count"), catalog.get().relationships()));
        a.put(BROWSER_META_TYPES, q -> {
            Catalog c = catalog.get();
            return meta("labels", first(c.labels()), "relationshipTypes", first(c.relationshipTypes()),
                    "propertyKeys", first(c.propertyKeys()));
        });
        a.put(BROWSER_META_COUNTS, q -> {
            Catalog c = catalog.get();
            return meta("nodes", c.nodes(), "relationships", c.relationships());
        });
        a.put(BROWSER_META_LEGACY, q -> {
            Catalog c = catalog.get();
            return meta("labels", first(c.labels()), "relationshipTypes", first(c.relationshipTypes()), "propertyKeys",
                    first(c.propertyKeys()), "functions", List.of(), "procedures", List.of(), "nodes", c.nodes(),
                    "relationships", c.relationships());
        });
    }

    /** At most the first 1000, as the Browser's {@code COLLECT(...)[..1000]} asks. */
    private static List<String> first(List<String> names) {
        return names.size() <= 1000 ? names : names.subList(0, 1000);
    }

    private static QueryResult column(String field, List<String> values) {
        List<List<?>> rows = new ArrayList<>(values.size());
        for (String value : values) {
            rows.add(List.of(value));
        }
        return QueryResult.of(List.of(field), rows);
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
        if (statement.startsWith("explain ") && answers.containsKey(EXPLAIN)) {
            return answers.get(EXPLAIN).apply(query);
        }
        Function<Query, QueryResult> exact = answers.get(statement);
        if (exact != null) {
            return exact.apply(query);
        }
        if (statement.startsWith("show ")) {
            int yield = statement.indexOf(" yield ");
            Function<Query, QueryResult> command = yield > 0 ? answers.get(statement.substring(0, yield)) : null;
            return command == null ? null : command.apply(query);
        }
        int open = statement.startsWith("call ") ? statement.indexOf('(') : -1;
        if (open > 0) {
            Function<Query, QueryResult> anyArguments = answers.get(statement.substring(0, open).trim() + "(*)");
            if (anyArguments != null) {
                return anyArguments.apply(query);
            }
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

    /**
     * The roles of a principal as {@code dbms.showCurrentUser} lists them: a {@link BoltUser}'s roles, or
     * the {@code getAuthorities()} of a Spring Security-like principal without their {@code ROLE_} prefix,
     * lower case (Neo4j's role names); none when unknown.
     */
    static List<String> roles(java.security.Principal principal) {
        if (principal instanceof BoltUser user) {
            return user.roles();
        }
        if (principal == null) {
            return List.of();
        }
        try {
            java.lang.reflect.Method authorities = principal.getClass().getMethod("getAuthorities");
            List<String> roles = new ArrayList<>();
            if (authorities.invoke(principal) instanceof java.util.Collection<?> granted) {
                for (Object authority : granted) {
                    String name = String.valueOf(authority);
                    if (name.startsWith("ROLE_")) {
                        roles.add(name.substring("ROLE_".length()).toLowerCase(Locale.ROOT));
                    }
                }
            }
            return roles;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return List.of();
        }
    }

    private static QueryResult databases(List<String> names, String defaultDatabase, String address) {
        List<String> fields = List.of("name", "type", "aliases", "access", "address", "role", "writer",
                "requestedStatus", "currentStatus", "statusMessage", "default", "home", "constituents");
        List<List<?>> rows = new ArrayList<>();
        for (String name : names) {
            boolean isDefault = name.equals(defaultDatabase);
            rows.add(Arrays.asList(name, name.equals("system") ? "system" : "standard", List.of(), "read-write",
                    address, "primary", true, "online", "online", "", isDefault, isDefault, List.of()));
        }
        return QueryResult.of(fields, rows);
    }

    /** Browser's metadata shape: one {@code result} column, a row {@code {name, data}} per name/data pair. */
    private static QueryResult meta(Object... namesAndData) {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < namesAndData.length; i += 2) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("name", namesAndData[i]);
            result.put("data", namesAndData[i + 1]);
            rows.add(List.of(result));
        }
        return QueryResult.of(List.of("result"), rows);
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
