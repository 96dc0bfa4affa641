package io.asyncbolt.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link java.net.URI} or {@code String} field or parameter that {@link BoltStubExtension} fills with the
 * test's stub's {@code bolt://127.0.0.1:<port>} ({@code neo4j://...} with {@link #routing()}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StubUri {

    /** {@code neo4j://} instead of {@code bolt://}: drivers first ask the stub for a routing table. */
    boolean routing() default false;
}
