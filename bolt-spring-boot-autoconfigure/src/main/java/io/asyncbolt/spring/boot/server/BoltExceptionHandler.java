package io.asyncbolt.spring.boot.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Handles exceptions thrown by {@link BoltQuery} methods: in a {@link BoltHandler} for its own methods,
 * or in a {@link BoltAdvice} bean for all. The method takes the exception (and optionally the
 * {@code io.asyncbolt.server.Query}) and returns a {@code BoltException} to send as FAILURE, or any value
 * to send as the result instead; it may also throw. The closest exception type wins; handler-local
 * methods before advice.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BoltExceptionHandler {

    /** The exception types handled; default the method's exception parameter type. */
    Class<? extends Throwable>[] value() default {};
}
