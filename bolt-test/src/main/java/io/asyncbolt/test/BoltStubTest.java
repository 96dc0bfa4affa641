package io.asyncbolt.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that uses Bolt stubs: shorthand for {@code @ExtendWith(BoltStubExtension.class)}. See
 * {@link BoltStubExtension} for what gets started, injected and verified.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(BoltStubExtension.class)
public @interface BoltStubTest {
}
