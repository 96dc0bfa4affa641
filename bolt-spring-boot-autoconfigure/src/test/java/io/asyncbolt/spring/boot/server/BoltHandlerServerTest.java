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

    @BoltAdvice
    static class Advice {
        @BoltExceptionHandler(UnsupportedOperationException.class)
        Map<String, Object> fallback(Exception e) {
            return Map.of("fallback", e.getMessage());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({PeopleHandler.class, Advice.class, Reactive.class})
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
