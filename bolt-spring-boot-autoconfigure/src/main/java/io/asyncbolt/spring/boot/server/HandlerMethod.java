package io.asyncbolt.spring.boot.server;

import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.regex.Pattern;

/** One {@link BoltQuery} method of a {@link BoltHandler} bean: what it maps, and its bean's exception handlers. */
final class HandlerMethod {

    private final Object bean;
    private final Method method;
    private final BoltQuery mapping;
    private final Pattern pattern;
    private final ExceptionHandlers exceptionHandlers;
    private final String name;
    private final boolean nonBlocking;

    /** {@code pattern}: the compiled {@link BoltQuery#pattern()}, null for the other kinds of mapping. */
    HandlerMethod(Object bean, Method method, BoltQuery mapping, Pattern pattern, ExceptionHandlers exceptionHandlers) {
        this.bean = bean;
        this.method = method;
        this.mapping = mapping;
        this.pattern = pattern;
        this.exceptionHandlers = exceptionHandlers;
        this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        this.nonBlocking = isAsynchronous(method.getReturnType());
    }

    /**
     * Whether the method returns a {@code CompletionStage}, a {@code Flow.Publisher} or a Reactive Streams
     * {@code Publisher} (Reactor's {@code Mono} and {@code Flux}): such a method must not block, and is called
     * on the connection's network thread.
     */
    boolean nonBlocking() {
        return nonBlocking;
    }

    private static boolean isAsynchronous(Class<?> type) {
        if (CompletionStage.class.isAssignableFrom(type) || Flow.Publisher.class.isAssignableFrom(type)) {
            return true;
        }
        // by name: reactive-streams may be absent
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (isPublisher(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPublisher(Class<?> type) {
        if (type.getName().equals("org.reactivestreams.Publisher")) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (isPublisher(i)) {
                return true;
            }
        }
        return false;
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
