package io.asyncbolt.spring.boot.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * A bean whose {@link BoltQuery} methods answer Bolt RUN requests. The Bolt server starts when at least
 * one such bean exists (and {@code bolt.server.enabled} is not false).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface BoltHandler {

    @AliasFor(annotation = Component.class)
    String value() default "";
}
