package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.RequestContext;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;

/**
 * The arguments of a handler method call. By type: {@link Query}, {@link RequestContext}, the
 * authenticated {@link Principal} (a {@code BoltUser} or Spring Security's {@code Authentication}), a
 * {@code Map} of all parameters, a record or bean built from all parameters, the statement as a
 * {@code String} named {@code statement}. By name ({@link BoltParam} or the parameter's own): a pattern's
 * named group, else the RUN parameter, converted to the declared type ({@code Optional} when it may be
 * missing).
 */
final class HandlerArguments {

    private final ConversionService conversionService;
    private final ObjectBinder objects;

    HandlerArguments(ConversionService conversionService) {
        this.conversionService = conversionService;
        this.objects = new ObjectBinder(conversionService);
    }

    /**
     * Binds the arguments of {@code CALL proc(a, b)} by position to the method's bindable parameters,
     * for those not already bound by name.
     */
    Map<String, Object> positional(HandlerMethod handler, List<Object> arguments, Map<String, Object> parameters) {
        if (arguments == null || arguments.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> bound = new HashMap<>();
        int position = 0;
        for (Parameter parameter : handler.method().getParameters()) {
            Class<?> type = parameter.getType();
            if (type == Query.class || type == RequestContext.class || Principal.class.isAssignableFrom(type)) {
                continue;
            }
            if (position >= arguments.size()) {
                break;
            }
            String name = nameOf(parameter);
            Object argument = arguments.get(position++);
            if (argument instanceof ProcedureArguments.Reference reference) {
                if (!parameters.containsKey(reference.name())) {
                    continue;
                }
                argument = parameters.get(reference.name());
            }
            if (!parameters.containsKey(name)) {
                bound.put(name, argument);
            }
        }
        return bound;
    }

    /** The arguments of {@code method} for {@code query}, with {@code named} values (groups, positional). */
    Object[] resolve(Method method, Query query, Map<String, Object> named) {
        Parameter[] parameters = method.getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            args[i] = resolve(new MethodParameter(method, i), parameters[i], query, named);
        }
        return args;
    }

    private Object resolve(MethodParameter methodParameter, Parameter parameter, Query query,
            Map<String, Object> groups) {
        Class<?> type = parameter.getType();
        BoltParam annotation = parameter.getAnnotation(BoltParam.class);
        String name = nameOf(parameter);
        if (annotation == null) {
            if (type == Query.class) {
                return query;
            }
            if (type == RequestContext.class) {
                return query.context();
            }
            if (Principal.class.isAssignableFrom(type)) {
                return query.context().principal();
            }
            if (Map.class.isAssignableFrom(type) && !query.parameters().containsKey(name)) {
                return query.parameters();
            }
            if (objects.isBindable(type) && !query.parameters().containsKey(name) && !groups.containsKey(name)) {
                return objects.bind(query.parameters(), type);
            }
            if (type == String.class && name.equals("statement") && !query.parameters().containsKey(name)) {
                return query.statement();
            }
        }
        boolean present = groups.containsKey(name) || query.parameters().containsKey(name);
        Object raw = groups.containsKey(name) ? groups.get(name) : query.parameters().get(name);
        if (!present) {
            if (annotation == null || annotation.required()) {
                if (type == Optional.class) {
                    return Optional.empty();
                }
                throw new BoltException("Neo.ClientError.Statement.ParameterMissing",
                        "Expected parameter(s): " + name);
            }
            return type.isPrimitive() ? conversionService.convert(0, type) : null;
        }
        try {
            if (type == Optional.class) {
                TypeDescriptor target = new TypeDescriptor(methodParameter.nested());
                return Optional.ofNullable(conversionService.convert(raw, TypeDescriptor.forObject(raw), target));
            }
            if (raw instanceof Map<?, ?> map && objects.isBindable(type)) {
                return objects.bind(map, type);
            }
            return conversionService.convert(raw, TypeDescriptor.forObject(raw), new TypeDescriptor(methodParameter));
        } catch (ConversionException e) {
            throw ObjectBinder.cannotUse(name, type, raw);
        }
    }

    private static String nameOf(Parameter parameter) {
        BoltParam annotation = parameter.getAnnotation(BoltParam.class);
        return annotation != null ? annotation.value() : parameter.getName();
    }
}
