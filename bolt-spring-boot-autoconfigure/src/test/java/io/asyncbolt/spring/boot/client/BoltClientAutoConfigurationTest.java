package io.asyncbolt.spring.boot.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.ResultSummary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.TransientDataAccessResourceException;

/** The BoltClient bean and BoltTemplate against a Bolt server on 127.0.0.1. */
class BoltClientAutoConfigurationTest {

    private static BoltServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltClientAutoConfiguration.class));

    record Person(String name, long age) {
    }

    public static class PersonBean {
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

    @BeforeAll
    static void startServer() {
        server = BoltServer.builder().port(0).queryHandler(query -> switch (query.normalizedStatement()) {
            case "MATCH (p:Person) RETURN p.name AS name, p.age AS age" -> CompletableFuture.completedFuture(
                    QueryResult.of(List.of("name", "age"), List.of(List.of("Ada", 36L), List.of("Alan", 41L))));
            case "RETURN count(*)" -> CompletableFuture.completedFuture(QueryResult.single(Map.of("count", 2L)));
            case "CREATE (:Person {name: $name})" -> CompletableFuture.completedFuture(QueryResult.empty(
                    ResultSummary.write(Map.of("nodes-created", 1L, "properties-set", 1L))));
            case "BUSY" -> throw BoltException.transientError("try later");
            case "DUPLICATE" -> throw new BoltException("Neo.ClientError.Schema.ConstraintValidationFailed",
                    "Node(1) already exists with label `Person` and property `name` = 'Ada'");
            case "SECRET" -> throw new BoltException("Neo.ClientError.Security.Forbidden", "Access denied");
            default -> throw BoltException.syntaxError("Invalid input: " + query.statement());
        }).start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private ApplicationContextRunner withUri() {
        return runner.withPropertyValues("bolt.client.uri=bolt://127.0.0.1:" + server.port(),
                "bolt.client.authentication.username=neo4j", "bolt.client.authentication.password=secret");
    }

    @Test
    void noClientWithoutAUri() {
        runner.run(context -> assertThat(context).doesNotHaveBean(BoltClient.class).doesNotHaveBean(BoltTemplate.class));
    }

    @Test
    void templateMapsRecordsToRecordsBeansAndScalars() {
        withUri().run(context -> {
            BoltTemplate template = context.getBean(BoltTemplate.class);
            assertThat(template.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age").fetchAs(Person.class).list())
                    .containsExactly(new Person("Ada", 36), new Person("Alan", 41));
            assertThat(template.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age").fetchAs(PersonBean.class)
                    .list()).extracting(PersonBean::getAge).containsExactly(36, 41);
            assertThat(template.query("RETURN count(*)").fetchAs(Integer.class).single()).isEqualTo(2);
            assertThat(template.query("CREATE (:Person {name: $name})").param("name", "Grace").run().counters())
                    .containsEntry("nodes-created", 1L);
            assertThat(template.query("RETURN count(*)").fetchAs(Long.class).optional()).contains(2L);
            assertThat(template.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age").fetchAs(Person.class)
                    .stream().map(Person::name)).containsExactly("Ada", "Alan");
            assertThatThrownBy(() -> template.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age")
                    .fetchAs(Person.class).optional()).isInstanceOf(IncorrectResultSizeDataAccessException.class);
        });
    }

    @Test
    void errorsBecomeDataAccessExceptions() {
        withUri().run(context -> {
            BoltTemplate template = context.getBean(BoltTemplate.class);
            assertThatThrownBy(() -> template.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age")
                    .fetchAs(Person.class).single()).isInstanceOf(IncorrectResultSizeDataAccessException.class);
            assertThatThrownBy(() -> template.query("RETRUN 1").fetch())
                    .isInstanceOf(InvalidDataAccessResourceUsageException.class).hasMessageContaining("RETRUN 1");
            assertThatThrownBy(() -> template.query("BUSY").fetch())
                    .isInstanceOf(TransientDataAccessResourceException.class);
            assertThatThrownBy(() -> template.query("DUPLICATE").run())
                    .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class)
                    .hasMessageContaining("ConstraintValidationFailed");
            assertThatThrownBy(() -> template.query("SECRET").run())
                    .isInstanceOf(org.springframework.dao.PermissionDeniedDataAccessException.class);
        });
    }

    @Test
    void connectionDetailsCanBeReplaced() {
        runner.withBean(BoltConnectionDetails.class, () -> new BoltConnectionDetails() {
            @Override
            public String uri() {
                return "bolt://127.0.0.1:" + server.port();
            }

            @Override
            public io.asyncbolt.client.AuthToken authToken() {
                return io.asyncbolt.client.AuthToken.none();
            }
        }).run(context -> assertThat(context.getBean(BoltTemplate.class).query("RETURN count(*)").fetch()).hasSize(1));
    }

    @Test
    void userBeansMakeTheDefaultsBackOff() {
        BoltClient own = BoltClient.create("bolt://127.0.0.1:" + server.port(), io.asyncbolt.client.AuthToken.none());
        BoltTemplate ownTemplate = new BoltTemplate(own, null,
                org.springframework.boot.convert.ApplicationConversionService.getSharedInstance());
        runner.withBean(BoltClient.class, () -> own)
                .run(context -> {
                    assertThat(context).hasSingleBean(BoltClient.class).hasSingleBean(BoltTemplate.class);
                    assertThat(context.getBean(BoltClient.class)).isSameAs(own);
                });
        withUri().withBean(BoltTemplate.class, () -> ownTemplate)
                .run(context -> assertThat(context.getBean(BoltTemplate.class)).isSameAs(ownTemplate));
        own.close();
    }

    @Test
    void theReactiveTemplateStreamsWithBackPressure() {
        withUri().run(context -> {
            ReactiveBoltTemplate reactive = context.getBean(ReactiveBoltTemplate.class);
            reactor.test.StepVerifier.create(reactive.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age")
                            .fetchAs(Person.class).flux(), 1)
                    .expectNext(new Person("Ada", 36))
                    .thenRequest(1)
                    .expectNext(new Person("Alan", 41))
                    .verifyComplete();
            reactor.test.StepVerifier.create(reactive.query("RETRUN 1").fetchAs(Long.class).flux())
                    .expectError(InvalidDataAccessResourceUsageException.class).verify();
            assertThat(reactive.query("CREATE (:Person {name: $name})").param("name", "x").run().block().counters())
                    .containsEntry("nodes-created", 1L);
        });
        runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("reactor.adapter"))
                .withPropertyValues("bolt.client.uri=bolt://127.0.0.1:" + server.port())
                .run(context -> assertThat(context).hasSingleBean(BoltTemplate.class)
                        .doesNotHaveBean(ReactiveBoltTemplate.class));
    }
}
