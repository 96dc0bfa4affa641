package io.asyncbolt.spring.boot.test.stub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Starts a scripted {@link io.asyncbolt.test.BoltStub} with the test's application context and points the
 * application's Bolt clients at it: Spring Boot's own {@code Neo4jConnectionDetails} (so the official driver,
 * Spring Data Neo4j repositories and {@code Neo4jClient} talk to the stub, no Docker, no Neo4j) and asyncbolt's
 * {@link io.asyncbolt.spring.boot.client.BoltConnectionDetails} (the {@code BoltClient} and {@code BoltTemplate}).
 * They replace {@code spring.neo4j.uri} and {@code bolt.client.uri}.
 *
 * <pre>{@code
 * @SpringBootTest            // or @DataNeo4jTest, or any slice
 * @AutoConfigureBoltStub(script = "scripts/movies.bolt")
 * class MovieRepositoryTest {
 *
 *     @Autowired MovieRepository movies;
 *     @Autowired BoltStub stub;         // verified after every test; tests may stub.add(...) more steps
 *
 *     @Test
 *     void findsByTitle() { assertThat(movies.findOneByTitle("The Matrix")).isPresent(); }
 * }
 * }</pre>
 *
 * <p>The script (a text script from the class path, or a {@code Script} or {@code ScriptBuilder} bean of the
 * test's configuration, or both: the bean's steps come after the resource's) is played <em>once per test
 * method</em>, like Spring Boot resets its mock servers and mocks: before each test the stub starts over (nothing
 * received, the script from its start; messages sent while the context started count towards the first test),
 * and {@code verify()} runs after each test, failing it with the stub's diff when the application did not
 * follow the script (also when the code under test swallowed the driver's exception). A context whose stub
 * failed its verification is closed after that test, so the next test gets a new application and stub.
 *
 * <p>{@code @DataNeo4jTest} runs each test in a transaction it rolls back: script that (BEGIN ... ROLLBACK), or
 * add {@code @Transactional(propagation = NOT_SUPPORTED)} to replay a conversation recorded from the application.
 * The stub's settings ({@code !agent}, {@code !versions}, {@code !credentials}) come from the script resource or
 * the {@code ScriptBuilder} bean; the connection details carry no credentials, as the stub takes any unless told.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("bolt.test.stub")
public @interface AutoConfigureBoltStub {

    /** A text script on the class path, e.g. {@code scripts/movies.bolt}; empty for none. */
    String script() default "";

    /** Whether the connection details carry {@code neo4j://} (the drivers ask the stub for a routing table first). */
    boolean routing() default false;

    /** Whether the stub is verified after each test. */
    boolean verify() default true;
}
