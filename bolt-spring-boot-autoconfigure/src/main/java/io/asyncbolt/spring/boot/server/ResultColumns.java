package io.asyncbolt.spring.boot.server;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.springframework.core.ResolvableType;

/**
 * The columns a handler method's results announce, from its {@link BoltQuery#columns()} and its declared
 * return type: the components of a record, the properties of a bean, else one column (the method's name by
 * default).
 */
final class ResultColumns {

    private final Method method;
    private final BoltQuery mapping;

    ResultColumns(HandlerMethod handler) {
        this.method = handler.method();
        this.mapping = handler.mapping();
    }

    /**
     * The columns an empty result announces, from the declared element type of the method's return type
     * ({@code List<Person>}, {@code Optional<Person>}, {@code Stream<Person>}, {@code Person[]}, any of
     * them inside a {@code CompletionStage}), so clients see the same keys with or without rows.
     */
    List<String> declared() {
        ResolvableType type = ResolvableType.forMethodReturnType(method);
        if (CompletionStage.class.isAssignableFrom(type.toClass())) {
            type = type.as(CompletionStage.class).getGeneric(0);
        }
        Class<?> container = type.toClass();
        if (type.isArray()) {
            type = type.getComponentType();
        } else if (Optional.class == container) {
            type = type.getGeneric(0);
        } else if (Iterable.class.isAssignableFrom(container) && !Map.class.isAssignableFrom(container)) {
            type = type.as(Iterable.class).getGeneric(0);
        } else if (Iterator.class.isAssignableFrom(container)) {
            type = type.as(Iterator.class).getGeneric(0);
        } else if (Stream.class.isAssignableFrom(container)) {
            type = type.as(Stream.class).getGeneric(0);
        }
        List<String> fields = rowFields(type.toClass());
        return fields != null ? fields : scalar();
    }

    /** The element type of a publisher the method returns ({@code Flux<Person>}: {@code Person}). */
    Class<?> publishedElement() {
        return ResolvableType.forMethodReturnType(method).getGeneric(0).resolve(Object.class);
    }

    /**
     * The columns of rows of the given declared type: {@code columns()} for maps, record components, or
     * bean properties; null when its values are single (scalar, list, graph) values.
     */
    List<String> rowFields(Class<?> element) {
        String name = element.getName();
        if (Map.class.isAssignableFrom(element)) {
            return mapping.columns().length > 0 ? List.of(mapping.columns()) : null;
        }
        if (element == Object.class || element.isPrimitive() || element.isArray() || element.isEnum()
                || element.isInterface() || name.startsWith("java.") || name.startsWith("io.asyncbolt.value.")) {
            return null;
        }
        if (element.isRecord()) {
            return Arrays.stream(element.getRecordComponents()).map(RecordComponent::getName).toList();
        }
        List<String> properties = BoltValues.beanProperties(element);
        return properties.isEmpty() ? null : properties;
    }

    /** The one column of single values: {@code columns()}, else the method's name. */
    List<String> scalar() {
        return mapping.columns().length > 0 ? List.of(mapping.columns()) : List.of(method.getName());
    }
}
