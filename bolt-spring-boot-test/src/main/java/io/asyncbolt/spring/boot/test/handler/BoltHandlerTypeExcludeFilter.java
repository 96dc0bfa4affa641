package io.asyncbolt.spring.boot.test.handler;

import io.asyncbolt.spring.boot.server.BoltAdvice;
import io.asyncbolt.spring.boot.server.BoltHandler;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;

/** Takes in {@code @BoltHandler} beans (or those {@link BoltHandlerTest#handlers()} names) and {@code @BoltAdvice} beans. */
public final class BoltHandlerTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<BoltHandlerTest> {

    private static final Set<Class<?>> DEFAULT_INCLUDES = Set.of(BoltHandler.class, BoltAdvice.class);

    private final Set<Class<?>> handlers;

    BoltHandlerTypeExcludeFilter(Class<?> testClass) {
        super(testClass);
        this.handlers = new LinkedHashSet<>(Arrays.<Class<?>>asList(getAnnotation().getValue("handlers", Class[].class)
                .orElse(new Class<?>[0])));
    }

    @Override
    protected Set<Class<?>> getKnownIncludes() {
        return handlers.isEmpty() ? DEFAULT_INCLUDES : Set.of(BoltAdvice.class);
    }

    @Override
    protected Set<Class<?>> getComponentIncludes() {
        return handlers;
    }
}
