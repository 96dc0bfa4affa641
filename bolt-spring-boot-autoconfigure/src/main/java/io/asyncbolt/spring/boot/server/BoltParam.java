package io.asyncbolt.spring.boot.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds a method parameter to the RUN parameter (or pattern group) of the given name. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface BoltParam {

    /** The parameter name. */
    String value();

    /** Whether a missing parameter is an error ({@code Neo.ClientError.Statement.ParameterMissing}). */
    boolean required() default true;
}
