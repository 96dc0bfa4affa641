package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryHandler;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.ServerListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.convert.ConversionService;

/**
 * Dispatches each RUN to the {@link BoltQuery} method of a {@link BoltHandler} bean that maps it
 * ({@link HandlerMappings}), and calls it ({@link HandlerInvoker}) inside the request observation and, in
 * an explicit Bolt transaction bridged to Spring, inside that Spring transaction.
 */
final class BoltHandlerDispatcher implements QueryHandler {

    private final HandlerMappings mappings;
    private final HandlerArguments arguments;
    private final HandlerInvoker invoker;
    private volatile SpringTransactionHandler transactions;
    /** The match {@link #blocks} found for a non-blocking method, for {@link #run} to reuse on the same thread. */
    private final ThreadLocal<Matched> matched = new ThreadLocal<>();

    private record Matched(Query query, HandlerMatch match) {
    }

    BoltHandlerDispatcher(ApplicationContext context, ConversionService conversionService) {
        this.mappings = new HandlerMappings(context);
        this.arguments = new HandlerArguments(conversionService);
        HandlerResults results = new HandlerResults(
                BoltServerAutoConfiguration.isPresent("org.reactivestreams.FlowAdapters", context));
        boolean securityContext = BoltServerAutoConfiguration.isPresent(
                "org.springframework.security.core.context.SecurityContextHolder", context);
        this.invoker = new HandlerInvoker(arguments, results, advice(context), securityContext);
    }

    /** The exception handlers of the {@link BoltAdvice} beans, in their order. */
    private static List<ExceptionHandlers> advice(ApplicationContext context) {
        List<Object> beans = new ArrayList<>(context.getBeansWithAnnotation(BoltAdvice.class).values());
        AnnotationAwareOrderComparator.sort(beans);
        List<ExceptionHandlers> advice = new ArrayList<>();
        for (Object bean : beans) {
            advice.add(new ExceptionHandlers(bean));
        }
        return advice;
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
        return mappings.handlerNames();
    }

    /** The statements mapped exactly, normalised. */
    Set<String> exactStatements() {
        return mappings.exactStatements();
    }

    /** What the exact statements and patterns mapped say of labels, relationship types and property keys. */
    StatementCatalog statementCatalog() {
        return mappings.statementCatalog();
    }

    /** How many methods are mapped. */
    int size() {
        return mappings.size();
    }

    /**
     * Methods returning a {@code CompletionStage}, {@code Mono}, {@code Flux} or {@code Publisher} are
     * called on the network thread; others, and every call inside a Bolt transaction bridged to a Spring
     * transaction (which runs on a thread of its own), on the handler executor.
     */
    @Override
    public boolean blocks(Query query) {
        SpringTransactionHandler tx = transactions;
        if (tx != null && tx.isOpen(query.transaction())) {
            return true;
        }
        HandlerMatch match = mappings.match(query);
        if (!match.handler().nonBlocking()) {
            return true;
        }
        matched.set(new Matched(query, match));
        return false;
    }

    @Override
    public CompletionStage<QueryResult> run(Query query) throws Exception {
        HandlerMatch found = null;
        Matched last = matched.get();
        if (last != null) {
            matched.remove();
            if (last.query() == query) {
                // matched by blocks(query) a moment ago, on this thread
                found = last.match();
            }
        }
        HandlerMatch match = found != null ? found : mappings.match(query);
        HandlerMethod handler = match.handler();
        Map<String, Object> named = match.procedureArguments() == null ? match.groups()
                : arguments.positional(handler, match.procedureArguments(), query.parameters());
        ServerListener.describeHandler(handler.name());
        HandlerScope scope = ServerListener.CURRENT.get() instanceof HandlerScope observed ? observed : null;
        SpringTransactionHandler tx = transactions;
        if (tx != null && tx.isOpen(query.transaction())) {
            // in the Bolt transaction's Spring transaction: on its thread, rows read there too
            return tx.call(query.transaction(), () -> invoker.call(handler, query, named, match.yield(), scope,
                    rows -> tx.rows(query.transaction(), rows))).thenCompose(Function.identity());
        }
        return invoker.call(handler, query, named, match.yield(), scope, UnaryOperator.identity());
    }
}
