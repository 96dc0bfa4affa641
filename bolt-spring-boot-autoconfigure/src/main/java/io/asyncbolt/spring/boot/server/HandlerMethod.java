package io.asyncbolt.spring.boot.server;

import java.lang.reflect.Method;
import java.util.regex.Pattern;

/** One {@link BoltQuery} method of a {@link BoltHandler} bean: what it maps, and its bean's exception handlers. */
final class HandlerMethod {

    private final Object bean;
    private final Method method;
    private final BoltQuery mapping;
    private final Pattern pattern;
    private final ExceptionHandlers exceptionHandlers;
    private final String name;

    /** {@code pattern}: the compiled {@link BoltQuery#pattern()}, null for the other kinds of mapping. */
    HandlerMethod(Object bean, Method method, BoltQuery mapping, Pattern pattern, ExceptionHandlers exceptionHandlers) {
        this.bean = bean;
        this.method = method;
        this.mapping = mapping;
        this.pattern = pattern;
        this.exceptionHandlers = exceptionHandlers;
        this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    /** The handler bean (its proxy, if any). */
    Object bean() {
        return bean;
    }

    /** The mapped method, made accessible. */
    Method method() {
        return method;
    }

    BoltQuery mapping() {
        return mapping;
    }

    /** The compiled {@link BoltQuery#pattern()}, or null. */
    Pattern pattern() {
        return pattern;
    }

    /** The {@link BoltExceptionHandler} methods of the bean. */
    ExceptionHandlers exceptionHandlers() {
        return exceptionHandlers;
    }

    /** {@code Class.method}, as the {@code handler} tag of the request metrics shows it. */
    String name() {
        return name;
    }

    /** {@code Class.method()}, as start-up errors name it. */
    String describe() {
        return name + "()";
    }
}
