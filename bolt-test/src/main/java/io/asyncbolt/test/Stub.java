package io.asyncbolt.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link BoltStub} field or parameter that {@link BoltStubExtension} fills with a started stub. A static
 * field holds one stub for the whole class (started before the first test, verified after the last); an
 * instance field or a parameter one per test (verified after it).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Stub {

    /**
     * A text script on the class path to start with (e.g. {@code scripts/people.bolt}); empty for none.
     * Steps can be added in the test with {@link BoltStub#add(Script)}.
     */
    String script() default "";

    /** Whether the extension calls {@link BoltStub#verify()} at the end of the stub's life. */
    boolean verify() default true;
}
