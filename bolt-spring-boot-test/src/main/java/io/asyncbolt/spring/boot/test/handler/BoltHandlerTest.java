package io.asyncbolt.spring.boot.test.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * A test slice for Bolt servers, like {@code @WebMvcTest} for controllers: the application context holds only
 * the {@link io.asyncbolt.spring.boot.server.BoltHandler @BoltHandler} and
 * {@link io.asyncbolt.spring.boot.server.BoltAdvice @BoltAdvice} beans (all of them, or those named by
 * {@link #handlers()}), {@code @Import}ed and {@code @TestConfiguration} classes, the Bolt server auto-configuration
 * with the server on {@code 127.0.0.1}, port 0 (published as {@code local.bolt.server.port}), and an asyncbolt
 * {@code BoltClient}, {@code BoltTemplate} and {@code ReactiveBoltTemplate} (with Reactor) pointing at that server,
 * with the credentials of {@code bolt.client.authentication.*} when set (no transaction manager: like
 * {@code @WebMvcTest}, the slice leaves transactions out).
 *
 * <pre>{@code
 * @BoltHandlerTest(PeopleHandler.class)
 * class PeopleHandlerTest {
 *
 *     @Autowired BoltTemplate template;
 *
 *     @Test
 *     void findsAPerson() {
 *         assertThat(template.query("MATCH (p:Person {name: $name}) RETURN p").param("name", "Ada")
 *                 .fetchAs(Person.class).single()).isEqualTo(new Person("Ada", 36));
 *     }
 * }
 * }</pre>
 *
 * The client beans are created on first use (after the server has bound its port); a handler that needs one
 * gets it through an {@code ObjectProvider}. Other beans the handlers depend on come from {@code @Import},
 * {@code @TestConfiguration} or {@code @MockitoBean}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(BoltHandlerTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(BoltHandlerTypeExcludeFilter.class)
@AutoConfigureBoltServer
@ImportAutoConfiguration
public @interface BoltHandlerTest {

    /** Properties in {@code key=value} form added to the environment before the context starts. */
    String[] properties() default {};

    /** Alias of {@link #handlers()}. */
    @AliasFor("handlers")
    Class<?>[] value() default {};

    /** The {@code @BoltHandler} classes to test; empty for all of them ({@code @BoltAdvice} beans are always in). */
    @AliasFor("value")
    Class<?>[] handlers() default {};

    /** Whether the default filters (handlers and advice) apply; false leaves only {@link #includeFilters()}. */
    boolean useDefaultFilters() default true;

    /** More beans to take in from component scanning. */
    ComponentScan.Filter[] includeFilters() default {};

    /** Beans to leave out of component scanning. */
    ComponentScan.Filter[] excludeFilters() default {};

    /** Auto-configurations to leave out of this slice. */
    @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
    Class<?>[] excludeAutoConfiguration() default {};
}
