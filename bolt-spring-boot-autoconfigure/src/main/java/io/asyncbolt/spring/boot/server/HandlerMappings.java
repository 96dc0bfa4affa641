package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link BoltQuery} methods of the application's {@link BoltHandler} beans, collected once at start-up,
 * and which of them a statement goes to: an exact statement first, then a procedure name, then the
 * patterns in {@link PatternPrecedence} order, then the fallback. Two methods mapping the same statement,
 * procedure or pattern (or two fallbacks) fail start-up, naming both.
 */
final class HandlerMappings {

    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final Map<String, HandlerMethod> exact = new HashMap<>();
    private final Map<String, HandlerMethod> procedures = new HashMap<>();
    private final List<HandlerMethod> patterns = new ArrayList<>();
    private HandlerMethod fallback;

    HandlerMappings(ApplicationContext context) {
        for (String name : context.getBeanNamesForAnnotation(BoltHandler.class)) {
            Object bean = context.getBean(name);
            Class<?> type = AopUtils.getTargetClass(bean);
            ExceptionHandlers local = new ExceptionHandlers(bean);
            ReflectionUtils.doWithMethods(type, method -> register(bean, method, local),
                    method -> AnnotatedElementUtils.hasAnnotation(method, BoltQuery.class));
        }
    }

    /** The method {@code query} goes to; a syntax error when none maps it. */
    HandlerMatch match(Query query) {
        String statement = query.normalizedStatement();
        HandlerMethod handler = exact.get(statement);
        if (handler != null) {
            return new HandlerMatch(handler, Map.of(), null, null);
        }
        ProcedureCall call = ProcedureCall.parse(statement);
        if (call != null) {
            handler = procedures.get(call.name());
            if (handler != null) {
                return new HandlerMatch(handler, Map.of(), ProcedureArguments.parse(call.arguments()), call.yield());
            }
        }
        for (HandlerMethod candidate : patterns) {
            Matcher matcher = candidate.pattern().matcher(statement);
            if (matcher.matches()) {
                return new HandlerMatch(candidate, namedGroups(candidate.pattern(), matcher), null, null);
            }
        }
        if (fallback != null) {
            return new HandlerMatch(fallback, Map.of(), null, null);
        }
        throw BoltException.syntaxError("No @BoltHandler method matches the statement: " + query.statement());
    }

    /** The names of the mapped methods ({@code Class.method}), as the {@code handler} tag shows them. */
    List<String> handlerNames() {
        List<String> names = new ArrayList<>();
        exact.values().forEach(h -> names.add(h.name()));
        procedures.values().forEach(h -> names.add(h.name()));
        patterns.forEach(h -> names.add(h.name()));
        if (fallback != null) {
            names.add(fallback.name());
        }
        return names;
    }

    /** The statements mapped exactly, normalised. */
    Set<String> exactStatements() {
        return Collections.unmodifiableSet(exact.keySet());
    }

    /** What the exact statements and patterns mapped say of labels, relationship types and property keys. */
    StatementCatalog statementCatalog() {
        List<String> statements = new ArrayList<>(exact.keySet());
        patterns.forEach(h -> statements.add(h.pattern().pattern()));
        return new StatementCatalog(statements);
    }

    /** How many methods are mapped. */
    int size() {
        return exact.size() + procedures.size() + patterns.size() + (fallback == null ? 0 : 1);
    }

    private void register(Object bean, Method method, ExceptionHandlers local) {
        BoltQuery mapping = AnnotatedElementUtils.findMergedAnnotation(method, BoltQuery.class);
        int kinds = (mapping.value().isEmpty() ? 0 : 1) + (mapping.procedure().isEmpty() ? 0 : 1)
                + (mapping.pattern().isEmpty() ? 0 : 1) + (mapping.fallback() ? 1 : 0);
        if (kinds != 1) {
            throw new IllegalStateException("@BoltQuery on " + describe(method)
                    + " must set exactly one of value (statement), procedure, pattern or fallback");
        }
        ReflectionUtils.makeAccessible(method);
        HandlerMethod handler = new HandlerMethod(bean, method, mapping,
                mapping.pattern().isEmpty() ? null : Pattern.compile(mapping.pattern(), Pattern.DOTALL), local);
        if (!mapping.value().isEmpty()) {
            putUnique(exact, Query.normalize(mapping.value()), handler, "statement");
        } else if (!mapping.procedure().isEmpty()) {
            putUnique(procedures, mapping.procedure(), handler, "procedure");
        } else if (mapping.fallback()) {
            if (fallback != null) {
                throw ambiguous("fallback", "*", fallback, handler);
            }
            fallback = handler;
        } else {
            for (HandlerMethod other : patterns) {
                if (other.pattern().pattern().equals(handler.pattern().pattern())) {
                    throw ambiguous("pattern", mapping.pattern(), other, handler);
                }
            }
            patterns.add(handler);
            patterns.sort(PatternPrecedence.ORDER);
        }
    }

    private static void putUnique(Map<String, HandlerMethod> map, String key, HandlerMethod handler, String kind) {
        HandlerMethod previous = map.putIfAbsent(key, handler);
        if (previous != null) {
            throw ambiguous(kind, key, previous, handler);
        }
    }

    private static IllegalStateException ambiguous(String kind, String key, HandlerMethod a, HandlerMethod b) {
        return new IllegalStateException("Ambiguous @BoltQuery " + kind + " '" + key + "': mapped by both "
                + a.describe() + " and " + b.describe());
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
    }

    private static Map<String, Object> namedGroups(Pattern pattern, Matcher matcher) {
        Map<String, Object> groups = new HashMap<>();
        Matcher names = GROUP_NAME.matcher(pattern.pattern());
        while (names.find()) {
            groups.put(names.group(1), matcher.group(names.group(1)));
        }
        return groups;
    }
}
