package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryHandler;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RequestContext;
import io.asyncbolt.server.ServerListener;
import io.asyncbolt.server.StatusCodes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.beans.BeanUtils;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;

/**
 * Dispatches each RUN to the {@link BoltQuery} method of a {@link BoltHandler} bean that maps it: exact
 * statements first, then procedure names, then patterns. Mappings are collected once at startup;
 * duplicates fail there, naming both methods.
 */
final class BoltHandlerDispatcher implements QueryHandler {

    private static final Pattern CALL = Pattern.compile(
            "(?i)CALL\\s+([\\w.`]+)\\s*\\((.*)\\)(?:\\s+YIELD\\s+(.+))?", Pattern.DOTALL);

    private final boolean reactiveStreams;
    private final boolean securityContext;
    private final ConversionService conversionService;
    private final Map<String, HandlerMethod> exact = new HashMap<>();
    private final Map<String, HandlerMethod> procedures = new HashMap<>();
    private final List<HandlerMethod> patterns = new ArrayList<>();
    private final List<ExceptionHandlers> advice = new ArrayList<>();
    private HandlerMethod fallback;
    private volatile SpringTransactionHandler transactions;

    BoltHandlerDispatcher(ApplicationContext context, ConversionService conversionService) {
        this.conversionService = conversionService;
        this.reactiveStreams = BoltServerAutoConfiguration.isPresent("org.reactivestreams.FlowAdapters", context);
        this.securityContext = BoltServerAutoConfiguration.isPresent(
                "org.springframework.security.core.context.SecurityContextHolder", context);
        for (String name : context.getBeanNamesForAnnotation(BoltHandler.class)) {
            Object bean = context.getBean(name);
            Class<?> type = AopUtils.getTargetClass(bean);
            ExceptionHandlers local = new ExceptionHandlers(bean);
            ReflectionUtils.doWithMethods(type, method -> register(bean, method, local),
                    method -> AnnotatedElementUtils.hasAnnotation(method, BoltQuery.class));
        }
        List<Object> advices = new ArrayList<>(context.getBeansWithAnnotation(BoltAdvice.class).values());
        AnnotationAwareOrderComparator.sort(advices);
        for (Object bean : advices) {
            advice.add(new ExceptionHandlers(bean));
        }
    }

    /**
     * Runs the handler calls of the explicit transactions {@code transactions} opened in their Spring
     * transactions (null: none do); set when the server starts.
     */
    void transactions(SpringTransactionHandler transactions) {
        this.transactions = transactions;
    }

    /** The names of the mapped methods ({@code Class.method}), as the {@code handler} tag shows them. */
    List<String> handlerNames() {
        List<String> names = new ArrayList<>();
        exact.values().forEach(h -> names.add(h.name));
        procedures.values().forEach(h -> names.add(h.name));
        patterns.forEach(h -> names.add(h.name));
        if (fallback != null) {
            names.add(fallback.name);
        }
        return names;
    }

    /** The statements mapped exactly, normalised. */
    java.util.Set<String> exactStatements() {
        return java.util.Collections.unmodifiableSet(exact.keySet());
    }

    /** What the exact statements and patterns mapped say of labels, relationship types and property keys. */
    StatementCatalog statementCatalog() {
        List<String> statements = new ArrayList<>(exact.keySet());
        patterns.forEach(h -> statements.add(h.pattern.pattern()));
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
                if (other.pattern.pattern().equals(handler.pattern.pattern())) {
                    throw ambiguous("pattern", mapping.pattern(), other, handler);
                }
            }
            patterns.add(handler);
            patterns.sort(PATTERN_ORDER);
        }
    }

    /**
     * Patterns are tried the most specific first: the one with the most literal characters (outside groups,
     * classes and quantifiers), then by the pattern's text, so the order never depends on reflection.
     */
    private static final java.util.Comparator<HandlerMethod> PATTERN_ORDER = java.util.Comparator
            .<HandlerMethod>comparingInt(h -> -literalLength(h.pattern.pattern()))
            .thenComparing(h -> h.pattern.pattern());

    /** The characters of a regular expression that match only themselves. */
    static int literalLength(String regex) {
        int literal = 0;
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                char next = regex.charAt(++i);
                if (!inClass && depth == 0 && !Character.isLetterOrDigit(next)) {
                    literal++; // an escaped metacharacter such as \( or \.
                }
            } else if (inClass) {
                inClass = c != ']';
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && ".*+?{}|^$".indexOf(c) < 0) {
                literal++;
            }
        }
        return literal;
    }

    private static void putUnique(Map<String, HandlerMethod> map, String key, HandlerMethod handler, String kind) {
        HandlerMethod previous = map.putIfAbsent(key, handler);
        if (previous != null) {
            throw ambiguous(kind, key, previous, handler);
        }
    }

    private static IllegalStateException ambiguous(String kind, String key, HandlerMethod a, HandlerMethod b) {
        return new IllegalStateException("Ambiguous @BoltQuery " + kind + " '" + key + "': mapped by both "
                + describe(a.method) + " and " + describe(b.method));
    }

    @Override
    public CompletionStage<QueryResult> run(Query query) throws Exception {
        String statement = query.normalizedStatement();
        HandlerMethod handler = exact.get(statement);
        Map<String, Object> groups = Map.of();
        List<String> yield = null;
        if (handler == null) {
            Matcher call = CALL.matcher(statement);
            if (call.matches()) {
                handler = procedures.get(call.group(1).replace("`", ""));
                if (handler != null) {
                    groups = handler.positional(ProcedureArguments.parse(call.group(2)), query.parameters());
                    if (call.group(3) != null) {
                        yield = yieldColumns(call.group(3));
                    }
                }
            }
        }
        if (handler == null) {
            for (HandlerMethod candidate : patterns) {
                Matcher matcher = candidate.pattern.matcher(statement);
                if (matcher.matches()) {
                    handler = candidate;
                    groups = namedGroups(candidate.pattern, matcher);
                    break;
                }
            }
        }
        if (handler == null) {
            handler = fallback;
        }
        if (handler == null) {
            throw BoltException.syntaxError("No @BoltHandler method matches the statement: " + query.statement());
        }
        List<String> columns = yield;
        HandlerMethod h = handler;
        Map<String, Object> bound = groups;
        ServerListener.describeHandler(handler.name);
        HandlerScope scope = ServerListener.CURRENT.get() instanceof HandlerScope observed ? observed : null;
        SpringTransactionHandler tx = transactions;
        if (tx != null && tx.isOpen(query.transaction())) {
            // in the Bolt transaction's Spring transaction: on its thread, rows read there too
            return tx.call(query.transaction(), () -> call(h, query, bound, columns, scope,
                    rows -> tx.rows(query.transaction(), rows))).thenCompose(Function.identity());
        }
        return call(h, query, bound, columns, scope, UnaryOperator.identity());
    }

    private CompletionStage<QueryResult> call(HandlerMethod h, Query query, Map<String, Object> groups,
            List<String> columns, HandlerScope scope, UnaryOperator<Iterator<List<Object>>> lazyRows) {
        Object returned;
        AutoCloseable opened = scope == null ? null : scope.open();
        try {
            returned = h.invoke(query, groups);
        } catch (Exception e) {
            return handleError(h, e, query, columns);
        } finally {
            if (opened != null) {
                try {
                    opened.close();
                } catch (Exception ignored) {
                    // closing an observation scope does not fail
                }
            }
        }
        if (returned instanceof CompletionStage<?> stage) {
            return stage.handle((value, error) -> error == null
                    ? CompletableFuture.completedFuture(h.toResult(value, columns, lazyRows))
                    : handleError(h, error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error, query, columns)).thenCompose(Function.identity());
        }
        return CompletableFuture.completedFuture(h.toResult(returned, columns, lazyRows));
    }

    /** Gives the error to the handler's own, then the advice's exception handlers, then the default mapping. */
    private CompletionStage<QueryResult> handleError(HandlerMethod handler, Throwable error, Query query,
            List<String> columns) {
        List<ExceptionHandlers> chain = new ArrayList<>();
        chain.add(handler.exceptionHandlers);
        chain.addAll(advice);
        for (ExceptionHandlers handlers : chain) {
            Method method = handlers.find(error);
            if (method == null) {
                continue;
            }
            try {
                Object outcome = handlers.handle(method, error, query);
                if (outcome instanceof Throwable replacement) {
                    return CompletableFuture.failedFuture(ExceptionHandlers.translate(replacement));
                }
                return CompletableFuture.completedFuture(handler.toResult(outcome, columns, UnaryOperator.identity()));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(ExceptionHandlers.translate(e));
            }
        }
        return CompletableFuture.failedFuture(ExceptionHandlers.translate(error));
    }

    private static List<String> yieldColumns(String yield) {
        String clause = yield.trim();
        int where = clause.toUpperCase(Locale.ROOT).indexOf(" WHERE ");
        if (where >= 0) {
            clause = clause.substring(0, where);
        }
        int returnIndex = clause.toUpperCase(Locale.ROOT).indexOf(" RETURN ");
        if (returnIndex >= 0) {
            clause = clause.substring(0, returnIndex);
        }
        if (clause.equals("*")) {
            return null;
        }
        return Arrays.stream(clause.split(",")).map(String::trim).toList();
    }

    private static Map<String, Object> namedGroups(Pattern pattern, Matcher matcher) {
        Map<String, Object> groups = new HashMap<>();
        Matcher names = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(pattern.pattern());
        while (names.find()) {
            groups.put(names.group(1), matcher.group(names.group(1)));
        }
        return groups;
    }

    private static String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "()";
    }

    /** One mapped method: binds arguments and turns what it returns into a result. */
    private final class HandlerMethod {

        final Object bean;
        final Method method;
        final BoltQuery mapping;
        final Pattern pattern;
        final ExceptionHandlers exceptionHandlers;
        final String name;

        HandlerMethod(Object bean, Method method, BoltQuery mapping, Pattern pattern, ExceptionHandlers exceptionHandlers) {
            this.bean = bean;
            this.method = method;
            this.mapping = mapping;
            this.pattern = pattern;
            this.exceptionHandlers = exceptionHandlers;
            this.name = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }

        /**
         * Binds the arguments of {@code CALL proc(a, b)} by position to the method's bindable parameters,
         * for those not already bound by name.
         */
        Map<String, Object> positional(List<Object> arguments, Map<String, Object> parameters) {
            if (arguments == null || arguments.isEmpty()) {
                return Map.of();
            }
            Map<String, Object> bound = new HashMap<>();
            int position = 0;
            for (Parameter parameter : method.getParameters()) {
                Class<?> type = parameter.getType();
                if (type == Query.class || type == RequestContext.class || Principal.class.isAssignableFrom(type)) {
                    continue;
                }
                if (position >= arguments.size()) {
                    break;
                }
                BoltParam annotation = parameter.getAnnotation(BoltParam.class);
                String name = annotation != null ? annotation.value() : parameter.getName();
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

        Object invoke(Query query, Map<String, Object> groups) throws Exception {
            Parameter[] parameters = method.getParameters();
            Object[] args = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                args[i] = resolve(new MethodParameter(method, i), parameters[i], query, groups);
            }
            Runnable restore = securityContext ? SecurityContextSupport.install(query.context().principal()) : null;
            try {
                return method.invoke(bean, args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            } finally {
                if (restore != null) {
                    restore.run();
                }
            }
        }

        private Object resolve(MethodParameter methodParameter, Parameter parameter, Query query,
                Map<String, Object> groups) {
            Class<?> type = parameter.getType();
            BoltParam annotation = parameter.getAnnotation(BoltParam.class);
            String name = annotation != null ? annotation.value() : parameter.getName();
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
                if (isObject(type) && !query.parameters().containsKey(name) && !groups.containsKey(name)) {
                    return bind(query.parameters(), type);
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
                if (raw instanceof Map<?, ?> map && isObject(type)) {
                    return bind(map, type);
                }
                return conversionService.convert(raw, TypeDescriptor.forObject(raw), new TypeDescriptor(methodParameter));
            } catch (ConversionException e) {
                throw cannotUse(name, type, raw);
            }
        }

        /** Records and JavaBeans of the application, bound from a map (never JDK or value types). */
        private boolean isObject(Class<?> type) {
            String name = type.getName();
            if (type.isPrimitive() || type.isEnum() || type.isArray() || type.isInterface()
                    || java.lang.reflect.Modifier.isAbstract(type.getModifiers()) || name.startsWith("java.")
                    || name.startsWith("io.asyncbolt.value.") || name.startsWith("io.asyncbolt.server.")) {
                return false;
            }
            if (type.isRecord()) {
                return true;
            }
            try {
                return BeanUtils.getResolvableConstructor(type).getParameterCount() == 0;
            } catch (IllegalStateException noUsableConstructor) {
                return false;
            }
        }

        /** A record from its components, or a bean from its properties, converting each value. */
        private Object bind(Map<?, ?> values, Class<?> type) {
            if (type.isRecord()) {
                var components = type.getRecordComponents();
                Object[] args = new Object[components.length];
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                    Object value = values.get(components[i].getName());
                    if (value == null && types[i].isPrimitive()) {
                        throw new BoltException("Neo.ClientError.Statement.ParameterMissing",
                                "Expected parameter(s): " + components[i].getName());
                    }
                    try {
                        args[i] = value == null ? null : conversionService.convert(value, TypeDescriptor.forObject(value),
                                new TypeDescriptor(components[i].getGenericType() instanceof Class<?> c
                                        ? org.springframework.core.ResolvableType.forClass(c)
                                        : org.springframework.core.ResolvableType.forType(components[i].getGenericType()),
                                        null, null));
                    } catch (ConversionException e) {
                        throw cannotUse(components[i].getName(), types[i], value);
                    }
                }
                try {
                    var constructor = type.getDeclaredConstructor(types);
                    ReflectionUtils.makeAccessible(constructor);
                    return constructor.newInstance(args);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot create " + type.getName(), e);
                }
            }
            Object bean = BeanUtils.instantiateClass(type);
            org.springframework.beans.BeanWrapper wrapper =
                    org.springframework.beans.PropertyAccessorFactory.forBeanPropertyAccess(bean);
            wrapper.setConversionService(conversionService);
            values.forEach((key, value) -> {
                String property = String.valueOf(key);
                if (wrapper.isWritableProperty(property)) {
                    try {
                        wrapper.setPropertyValue(property, value);
                    } catch (org.springframework.beans.TypeMismatchException e) {
                        throw cannotUse(property, wrapper.getPropertyType(property), value);
                    }
                }
            });
            return bean;
        }

        private static BoltException cannotUse(String name, Class<?> type, Object value) {
            return new BoltException(StatusCodes.ARGUMENT_ERROR, "Parameter '" + name + "' cannot be used as "
                    + (type == null ? "the declared type" : type.getSimpleName()) + ": " + value);
        }

        /** {@code lazyRows} wraps the iterator of rows that are produced lazily (a stream, an iterator). */
        QueryResult toResult(Object value, List<String> yield, UnaryOperator<Iterator<List<Object>>> lazyRows) {
            if (value instanceof QueryResult result) {
                return result;
            }
            if (value instanceof Optional<?> optional) {
                value = optional.orElse(null);
                if (value == null) {
                    return QueryResult.of(yield != null ? yield : declaredColumns(), List.<List<?>>of());
                }
            }
            if (value == null) {
                if (method.getReturnType() == void.class || method.getReturnType() == Void.class) {
                    return QueryResult.of(List.of(), List.<List<?>>of());
                }
                return QueryResult.of(scalarColumns(), List.of(Collections.singletonList(null)));
            }
            Flow.Publisher<?> publisher = value instanceof Flow.Publisher<?> flow ? flow
                    : reactiveStreams ? ReactiveSupport.toFlow(value) : null;
            if (publisher != null) {
                return publisherResult(publisher, yield);
            }
            Iterator<?> rows = iterator(value);
            boolean lazy = rows != null && !(value instanceof java.util.Collection<?>) && !(value instanceof Object[]);
            if (rows == null) {
                rows = List.of(value).iterator();
            }
            return rowsResult(rows, yield, lazy ? lazyRows : UnaryOperator.identity());
        }

        /**
         * A {@code Publisher}/{@code Flux}/{@code Mono} of rows: the columns come from {@code columns()} or
         * the declared element type (record components or bean properties), since they must be sent
         * before the first row; PULL n is passed on as request(n).
         */
        private QueryResult publisherResult(Flow.Publisher<?> publisher, List<String> yield) {
            Class<?> element = ResolvableType.forMethodReturnType(method).getGeneric(0).resolve(Object.class);
            List<String> rowFields = rowFields(element);
            boolean rows = rowFields != null;
            List<String> fields = rows ? rowFields : scalarColumns();
            List<String> selected = yield != null && rows ? yield : fields;
            return new QueryResult(selected, new RowPublisher(publisher, item -> {
                if (!rows) {
                    return Collections.singletonList(BoltValues.toBolt(item));
                }
                Map<String, Object> columns = BoltValues.asMap(item);
                List<Object> values = new ArrayList<>(selected.size());
                for (String field : selected) {
                    values.add(BoltValues.toBolt(columns.get(field)));
                }
                return values;
            }), null);
        }

        private QueryResult rowsResult(Iterator<?> rows, List<String> yield,
                UnaryOperator<Iterator<List<Object>>> lazyRows) {
            if (!rows.hasNext()) {
                return QueryResult.of(yield != null ? yield : declaredColumns(), List.<List<?>>of());
            }
            Object first = rows.next();
            boolean isRow = BoltValues.isRow(first);
            List<String> fields = isRow ? new ArrayList<>(BoltValues.asMap(first).keySet()) : scalarColumns();
            List<String> selected = yield != null && isRow ? yield : fields;
            Iterator<?> rest = rows;
            Iterator<List<Object>> converted = new Iterator<>() {
                boolean firstSent;

                @Override
                public boolean hasNext() {
                    return !firstSent || rest.hasNext();
                }

                @Override
                public List<Object> next() {
                    Object element = firstSent ? rest.next() : first;
                    firstSent = true;
                    if (!isRow) {
                        return Collections.singletonList(BoltValues.toBolt(element));
                    }
                    Map<String, Object> columns = BoltValues.asMap(element);
                    List<Object> values = new ArrayList<>(selected.size());
                    for (String field : selected) {
                        values.add(BoltValues.toBolt(columns.get(field)));
                    }
                    return values;
                }
            };
            return QueryResult.of(selected, lazyRows.apply(converted));
        }

        /**
         * The columns an empty result announces, from the declared element type of the method's return type
         * ({@code List<Person>}, {@code Optional<Person>}, {@code Stream<Person>}, {@code Person[]}, any of
         * them inside a {@code CompletionStage}), so clients see the same keys with or without rows.
         */
        private List<String> declaredColumns() {
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
            return fields != null ? fields : scalarColumns();
        }

        /**
         * The columns of rows of the given declared type: {@code columns()} for maps, record components, or
         * bean properties; null when its values are single (scalar, list, graph) values.
         */
        private List<String> rowFields(Class<?> element) {
            String name = element.getName();
            if (Map.class.isAssignableFrom(element)) {
                return mapping.columns().length > 0 ? List.of(mapping.columns()) : null;
            }
            if (element == Object.class || element.isPrimitive() || element.isArray() || element.isEnum()
                    || element.isInterface() || name.startsWith("java.") || name.startsWith("io.asyncbolt.value.")) {
                return null;
            }
            if (element.isRecord()) {
                return Arrays.stream(element.getRecordComponents()).map(c -> c.getName()).toList();
            }
            List<String> properties = BoltValues.beanProperties(element);
            return properties.isEmpty() ? null : properties;
        }

        private List<String> scalarColumns() {
            return mapping.columns().length > 0 ? List.of(mapping.columns()) : List.of(method.getName());
        }

        private Iterator<?> iterator(Object value) {
            if (value instanceof Map<?, ?>) {
                return null;
            }
            if (value instanceof Iterable<?> iterable) {
                return iterable.iterator();
            }
            if (value instanceof Iterator<?> iterator) {
                return iterator;
            }
            if (value instanceof Stream<?> stream) {
                return stream.iterator();
            }
            if (value instanceof Object[] array) {
                return Arrays.asList(array).iterator();
            }
            return null;
        }
    }

    /** Reactive Streams publishers (Reactor's Flux and Mono among them) seen as Flow publishers. */
    private static final class ReactiveSupport {
        static Flow.Publisher<?> toFlow(Object value) {
            return value instanceof org.reactivestreams.Publisher<?> publisher
                    ? org.reactivestreams.FlowAdapters.toFlowPublisher(publisher) : null;
        }
    }

    /** Puts a Spring Security principal in the SecurityContext for the duration of a handler call. */
    private static final class SecurityContextSupport {
        static Runnable install(Principal principal) {
            if (!(principal instanceof org.springframework.security.core.Authentication authentication)) {
                return null;
            }
            var holder = org.springframework.security.core.context.SecurityContextHolder.getContextHolderStrategy();
            var previous = holder.getContext();
            var context = holder.createEmptyContext();
            context.setAuthentication(authentication);
            holder.setContext(context);
            return () -> holder.setContext(previous);
        }
    }
}
