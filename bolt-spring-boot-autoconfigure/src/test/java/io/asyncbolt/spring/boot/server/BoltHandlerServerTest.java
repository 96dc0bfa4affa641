package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.RequestContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.ClientException;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** A Spring Boot application with {@code @BoltHandler} beans, queried by the official Neo4j driver. */
@SpringBootTest(properties = {"bolt.server.port=0"})
class BoltHandlerServerTest {

    enum Status { ACTIVE, RETIRED }

    record Person(String name, long age) {
    }

    @BoltHandler
    static class PeopleHandler {

        @BoltQuery("MATCH (p:Person) RETURN p.name AS name, p.age AS age")
        List<Person> people() {
            return List.of(new Person("Ada", 36), new Person("Alan", 41));
        }

        @BoltQuery("MATCH (p:Person {name: $name}) RETURN p")
        Optional<Person> person(String name) {
            return people().stream().filter(p -> p.name().equals(name)).findFirst();
        }

        @BoltQuery(procedure = "shop.orders")
        List<Map<String, Object>> orders(long customer, Status status) {
            return List.of(Map.of("id", customer * 10, "status", status, "total", 9.5));
        }

        @BoltQuery(pattern = "RETURN '(?<word>\\w+)' AS echo", columns = "echo")
        String echo(String word) {
            return word.toUpperCase();
        }

        @BoltQuery("RETURN date($day) AS next")
        CompletionStage<LocalDate> nextDay(LocalDate day) {
            return CompletableFuture.supplyAsync(() -> day.plusDays(1));
        }

        @BoltQuery("WHO AM I")
        Map<String, Object> whoAmI(RequestContext context) {
            return Map.of("user", context.principal().getName(), "database", String.valueOf(context.database()));
        }

        @BoltQuery("CREATE (p:Person $person) RETURN p")
        Person createPerson(Person person) {
            return new Person(person.name().toUpperCase(), person.age() + 1);
        }

        @BoltQuery("CREATE (p:Person {name: $name, age: $age}) RETURN p")
        Person createFromParameters(Person person) {
            return person;
        }

        @BoltQuery("FAIL")
        void fail() {
            throw new BoltException("Neo.ClientError.Statement.EntityNotFound", "nothing here");
        }

        @BoltQuery("LOCAL")
        String local() {
            throw new IllegalArgumentException("local detail");
        }

        @BoltQuery("GLOBAL")
        String global() {
            throw new UnsupportedOperationException("global detail");
        }

        @BoltQuery("INTERNAL")
        String internal() {
            throw new IllegalStateException("secret internal detail");
        }

        @BoltExceptionHandler
        BoltException onIllegalArgument(IllegalArgumentException e) {
            return new BoltException("Neo.ClientError.Statement.ArgumentError", "handled locally: " + e.getMessage());
        }
    }

    static final java.util.List<Long> requested = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BoltHandler
    static class Reactive {
        @BoltQuery("UNWIND range(0, 9999) AS i RETURN i")
        reactor.core.publisher.Flux<Person> numbers() {
            return reactor.core.publisher.Flux.range(0, 10_000).doOnRequest(requested::add)
                    .map(i -> new Person("p" + i, i));
        }

        @BoltQuery("RETURN 'mono'")
        reactor.core.publisher.Mono<String> mono() {
            return reactor.core.publisher.Mono.just("mono");
        }
    }

    /** A JavaBean whose properties are not in alphabetical order. */
    public static class Member {
        private String name;
        private int age;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }
    }

    /** Three mappings that all match {@code CALL rank.who()}: exact, then procedure, then pattern. */
    @BoltHandler
    static class Ranks {
        @BoltQuery("CALL rank.who()")
        String exact() {
            return "exact";
        }

        @BoltQuery(procedure = "rank.who", columns = "winner")
        String procedure() {
            return "procedure";
        }

        @BoltQuery(pattern = "CALL rank\\.(?<name>\\w+)\\(.*\\)", columns = "winner")
        String pattern(String name) {
            return "pattern " + name;
        }
    }

    @BoltHandler
    static class Arguments {
        @BoltQuery("INSPECT")
        Map<String, Object> inspect(java.util.UUID id, Status status, int count, Member member,
                Map<String, Object> parameters, String statement, java.security.Principal principal,
                RequestContext context, io.asyncbolt.server.Query query) {
            Map<String, Object> seen = new java.util.LinkedHashMap<>();
            seen.put("id", id.getMostSignificantBits() == 0x123e4567e89b12d3L);
            seen.put("status", status == Status.RETIRED);
            seen.put("count", count + 1);
            seen.put("member", member.getName() + "/" + member.getAge());
            seen.put("parameters", new java.util.TreeSet<>(parameters.keySet()).toString());
            seen.put("statement", statement);
            seen.put("principal", principal.getName());
            seen.put("database", context.database());
            seen.put("mode", context.accessMode().name());
            seen.put("metadata", context.txMetadata().get("app"));
            seen.put("version", context.version().toString());
            seen.put("connection", context.connectionId() != null && !context.connectionId().isEmpty());
            seen.put("query", query.statement());
            return seen;
        }

        @BoltQuery("JOIN $name $age")
        String join(Member member) {
            return member.getName();
        }
    }

    @BoltHandler
    static class Returns {
        @BoltQuery("NOBODY")
        List<Person> nobody() {
            return List.of();
        }

        @BoltQuery("NOBODY LATER")
        CompletionStage<java.util.stream.Stream<Person>> nobodyLater() {
            return CompletableFuture.completedFuture(java.util.stream.Stream.empty());
        }

        @BoltQuery("MEMBER")
        Member member() {
            Member member = new Member();
            member.setName("Lin");
            member.setAge(7);
            return member;
        }

        @BoltQuery(value = "WORDS", columns = "word")
        java.util.Iterator<String> words() {
            return List.of("a", "b").iterator();
        }

        @BoltQuery("PEOPLE ARRAY")
        Person[] array() {
            return new Person[] {new Person("Ada", 36), new Person("Alan", 41)};
        }

        @BoltQuery("NOTHING")
        void nothing() {
        }

        @BoltQuery("EXPLICIT")
        io.asyncbolt.server.QueryResult explicit() {
            return io.asyncbolt.server.QueryResult.of(List.of("x"), List.of(List.of(1L), List.of(2L))).withSummary(
                    new io.asyncbolt.server.ResultSummary("w", Map.of("nodes-created", 2L, "properties-set", 2L),
                            List.of(Map.of("code", "Neo.ClientNotification.Statement.UnknownLabelWarning",
                                    "title", "The provided label is not in the database.",
                                    "description", "One of the labels in your query is not available: Bok",
                                    "severity", "WARNING", "category", "UNRECOGNIZED")), null));
        }

        @BoltQuery("BUSY")
        String busy() {
            throw new org.springframework.dao.TransientDataAccessResourceException("pool exhausted on host db-7");
        }
    }

    @BoltAdvice
    static class Advice {
        @BoltExceptionHandler(UnsupportedOperationException.class)
        Map<String, Object> fallback(Exception e) {
            return Map.of("fallback", e.getMessage());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({PeopleHandler.class, Advice.class, Reactive.class, Ranks.class, Arguments.class, Returns.class})
    static class App {
    }

    @LocalBoltServerPort
    int port;

    private Driver driver;

    @BeforeEach
    void connect() {
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("neo4j", "pw"),
                Config.builder().withoutEncryption().build());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void listsOfRecordsBecomeRowsWithComponentColumns() {
        try (Session session = driver.session()) {
            List<Record> rows = session.run("MATCH (p:Person)\n  RETURN p.name AS name, p.age AS age;").list();
            assertThat(rows).extracting(r -> r.get("name").asString()).containsExactly("Ada", "Alan");
            assertThat(rows.get(0).keys()).containsExactly("name", "age");
            assertThat(rows.get(1).get("age").asLong()).isEqualTo(41);
        }
    }

    @Test
    void parametersAreBoundByNameAndOptionalGivesZeroOrOneRow() {
        try (Session session = driver.session()) {
            assertThat(session.run("MATCH (p:Person {name: $name}) RETURN p", Map.of("name", "Ada")).single()
                    .get("age").asLong()).isEqualTo(36);
            assertThat(session.run("MATCH (p:Person {name: $name}) RETURN p", Map.of("name", "Nobody")).list())
                    .isEmpty();
            assertThatThrownBy(() -> session.run("MATCH (p:Person {name: $name}) RETURN p").consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("name");
        }
    }

    @Test
    void proceduresHonourYieldAndConvertArguments() {
        try (Session session = driver.session()) {
            Record row = session.run("CALL shop.orders($customer, $status) YIELD total, id",
                    Map.of("customer", 4, "status", "ACTIVE")).single();
            assertThat(row.keys()).containsExactly("total", "id");
            assertThat(row.get("id").asLong()).isEqualTo(40);
            Record literal = session.run("CALL shop.orders(7, 'RETIRED') YIELD id, status").single();
            assertThat(literal.get("id").asLong()).isEqualTo(70);
            assertThat(literal.get("status").asString()).isEqualTo("RETIRED");
            assertThatThrownBy(() -> session.run("CALL shop.orders($customer, $status)",
                    Map.of("customer", 4, "status", "UNKNOWN")).consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("status");
        }
    }

    @Test
    void patternsBindNamedGroupsAndAsyncResultsAndErrorsWork() {
        try (Session session = driver.session()) {
            assertThat(session.run("RETURN 'bolt' AS echo").single().get("echo").asString()).isEqualTo("BOLT");
            assertThat(session.run("RETURN date($day) AS next", Map.of("day", LocalDate.of(2024, 2, 28))).single()
                    .get("nextDay").asLocalDate()).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(session.run("WHO AM I").single().get("user").asString()).isEqualTo("neo4j");
            assertThatThrownBy(() -> session.run("FAIL").consume()).isInstanceOf(ClientException.class)
                    .hasMessageContaining("nothing here");
            assertThatThrownBy(() -> session.run("MATCH (x) RETURN x").consume()).isInstanceOf(ClientException.class)
                    .hasMessageContaining("MATCH (x) RETURN x");
        }
    }

    @Test
    void exceptionHandlersTranslateErrorsAndInternalsStayHidden() {
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("LOCAL").consume()).isInstanceOf(ClientException.class)
                    .hasMessageContaining("handled locally: local detail");
            assertThat(session.run("GLOBAL").single().get("fallback").asString()).isEqualTo("global detail");
            assertThatThrownBy(() -> session.run("INTERNAL").consume())
                    .isInstanceOf(org.neo4j.driver.exceptions.DatabaseException.class)
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void reactorResultsStreamWithPullMappedToRequest() {
        try (Session session = driver.session(org.neo4j.driver.SessionConfig.builder().withFetchSize(100).build())) {
            org.neo4j.driver.Result result = session.run("UNWIND range(0, 9999) AS i RETURN i");
            assertThat(result.keys()).containsExactly("name", "age");
            long count = 0;
            while (result.hasNext()) {
                result.next();
                count++;
            }
            assertThat(count).isEqualTo(10_000);
            assertThat(requested).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(101));
            assertThat(session.run("RETURN 'mono'").single().get("mono").asString()).isEqualTo("mono");
        }
    }

    @Test
    void exactStatementsWinOverProceduresAndProceduresOverPatterns() {
        try (Session session = driver.session()) {
            assertThat(session.run("CALL rank.who()").single().get(0).asString()).isEqualTo("exact");
            assertThat(session.run("CALL rank.who($x)", Map.of("x", 1)).single().get("winner").asString())
                    .isEqualTo("procedure");
            assertThat(session.run("CALL rank.other()").single().get("winner").asString()).isEqualTo("pattern other");
        }
    }

    @Test
    void argumentsAreBoundByNameByTypeAndFromTheRequest() {
        try (Session session = driver.session(org.neo4j.driver.SessionConfig.builder().withDatabase("neo4j")
                .withDefaultAccessMode(org.neo4j.driver.AccessMode.READ).build());
                org.neo4j.driver.Transaction tx = session.beginTransaction(org.neo4j.driver.TransactionConfig.builder()
                        .withMetadata(Map.of("app", "audit")).build())) {
            Record seen = tx.run("INSPECT", Map.of("id", "123e4567-e89b-12d3-a456-426614174000", "status", "RETIRED",
                    "count", 41, "member", Map.of("name", "Lin", "age", 7))).single();
            assertThat(seen.get("id").asBoolean()).isTrue();
            assertThat(seen.get("status").asBoolean()).isTrue();
            assertThat(seen.get("count").asLong()).isEqualTo(42);
            assertThat(seen.get("member").asString()).isEqualTo("Lin/7");
            assertThat(seen.get("parameters").asString()).isEqualTo("[count, id, member, status]");
            assertThat(seen.get("statement").asString()).isEqualTo("INSPECT");
            assertThat(seen.get("principal").asString()).isEqualTo("neo4j");
            assertThat(seen.get("database").asString()).isEqualTo("neo4j");
            assertThat(seen.get("mode").asString()).isEqualTo("READ");
            assertThat(seen.get("metadata").asString()).isEqualTo("audit");
            assertThat(seen.get("version").asString()).matches("\\d+\\.\\d+");
            assertThat(seen.get("connection").asBoolean()).isTrue();
            assertThat(seen.get("query").asString()).isEqualTo("INSPECT");
            tx.commit();
        }
        try (Session session = driver.session()) {
            assertThat(session.run("JOIN $name $age", Map.of("name", "Kim", "age", 3)).single().get(0).asString())
                    .isEqualTo("Kim");
            assertThatThrownBy(() -> session.run("JOIN $name $age", Map.of("name", "Kim", "age", "old")).consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("'age'")
                    .satisfies(e -> assertThat(((ClientException) e).code())
                            .isEqualTo("Neo.ClientError.Statement.ArgumentError"));
            assertThatThrownBy(() -> session.run("INSPECT", Map.of("id", "not-a-uuid", "status", "RETIRED",
                    "count", 1, "member", Map.of())).consume())
                    .isInstanceOf(ClientException.class).hasMessageContaining("'id'");
        }
    }

    @Test
    void emptyResultsAnnounceTheColumnsOfTheDeclaredType() {
        try (Session session = driver.session()) {
            assertThat(session.run("NOBODY").keys()).containsExactly("name", "age");
            assertThat(session.run("NOBODY LATER").keys()).containsExactly("name", "age");
            org.neo4j.driver.Result none = session.run("MATCH (p:Person {name: $name}) RETURN p",
                    Map.of("name", "Nobody"));
            assertThat(none.keys()).containsExactly("name", "age");
            assertThat(none.list()).isEmpty();
        }
    }

    @Test
    void beansIteratorsArraysVoidAndExplicitResults() {
        try (Session session = driver.session()) {
            Record member = session.run("MEMBER").single();
            assertThat(member.keys()).as("declared order, not alphabetical").containsExactly("name", "age");
            assertThat(member.get("age").asLong()).isEqualTo(7);
            assertThat(session.run("WORDS").list()).extracting(r -> r.get("word").asString()).containsExactly("a", "b");
            assertThat(session.run("PEOPLE ARRAY").list()).extracting(r -> r.get("name").asString())
                    .containsExactly("Ada", "Alan");
            org.neo4j.driver.Result nothing = session.run("NOTHING");
            assertThat(nothing.keys()).isEmpty();
            assertThat(nothing.list()).isEmpty();
            org.neo4j.driver.Result explicit = session.run("EXPLICIT");
            assertThat(explicit.list()).extracting(r -> r.get("x").asLong()).containsExactly(1L, 2L);
            org.neo4j.driver.summary.ResultSummary summary = explicit.consume();
            assertThat(summary.counters().nodesCreated()).isEqualTo(2);
            assertThat(summary.counters().propertiesSet()).isEqualTo(2);
            assertThat(summary.notifications()).extracting(org.neo4j.driver.summary.Notification::code)
                    .containsExactly("Neo.ClientNotification.Statement.UnknownLabelWarning");
        }
    }

    @Test
    void transientFailuresStayTransientWithoutTheirDetails() {
        try (Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("BUSY").consume())
                    .isInstanceOf(org.neo4j.driver.exceptions.TransientException.class)
                    .hasMessageNotContaining("db-7")
                    .satisfies(e -> assertThat(((org.neo4j.driver.exceptions.TransientException) e).code())
                            .startsWith("Neo.TransientError."));
        }
    }

    @Test
    void recordsAreBoundFromAMapParameterOrFromAllParameters() {
        try (Session session = driver.session()) {
            Record created = session.run("CREATE (p:Person $person) RETURN p",
                    Map.of("person", Map.of("name", "grace", "age", 85))).single();
            assertThat(created.get("name").asString()).isEqualTo("GRACE");
            assertThat(created.get("age").asLong()).isEqualTo(86);
            Record flat = session.run("CREATE (p:Person {name: $name, age: $age}) RETURN p",
                    Map.of("name", "Barbara", "age", 80)).single();
            assertThat(flat.get("name").asString()).isEqualTo("Barbara");
        }
    }
}
