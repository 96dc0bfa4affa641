package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryResult;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Calls a handler method: inside the request observation's scope, with the Spring Security principal in
 * the {@code SecurityContext}, its arguments bound by {@link HandlerArguments} and what it returns (or
 * completes with) adapted by {@link HandlerResults}. What it throws goes to its bean's
 * {@link BoltExceptionHandler} methods, then to the {@link BoltAdvice} beans' in order, then to the
 * default translation ({@link ExceptionHandlers#translate}).
 */
final class HandlerInvoker {

    private final HandlerArguments arguments;
    private final HandlerResults results;
    private final List<ExceptionHandlers> advice;
    private final boolean securityContext;

    /** {@code securityContext}: whether Spring Security's {@code SecurityContextHolder} is on the class path. */
    HandlerInvoker(HandlerArguments arguments, HandlerResults results, List<ExceptionHandlers> advice,
            boolean securityContext) {
        this.arguments = arguments;
        this.results = results;
        this.advice = List.copyOf(advice);
        this.securityContext = securityContext;
    }

    /**
     * The result of calling {@code handler} for {@code query}; {@code named} the values bound by name
     * (pattern groups, procedure arguments), {@code columns} a procedure's {@code YIELD} (null: all),
     * {@code scope} the request observation (null: none), {@code lazyRows} wraps rows produced lazily.
     */
    CompletionStage<QueryResult> call(HandlerMethod handler, Query query, Map<String, Object> named,
            List<String> columns, HandlerScope scope, UnaryOperator<Iterator<List<Object>>> lazyRows) {
        Object returned;
        AutoCloseable opened = scope == null ? null : scope.open();
        try {
            returned = invoke(handler, query, named);
        } catch (Exception e) {
            return handleError(handler, e, query, columns);
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
                    ? CompletableFuture.completedFuture(results.toResult(handler, value, columns, lazyRows))
                    : handleError(handler, error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error, query, columns)).thenCompose(Function.identity());
        }
        return CompletableFuture.completedFuture(results.toResult(handler, returned, columns, lazyRows));
    }

    private Object invoke(HandlerMethod handler, Query query, Map<String, Object> named) throws Exception {
        Object[] args = arguments.resolve(handler.method(), query, named);
        Runnable restore = securityContext ? SecurityContextSupport.install(query.context().principal()) : null;
        try {
            return handler.method().invoke(handler.bean(), args);
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

    /** Gives the error to the handler's own, then the advice's exception handlers, then the default mapping. */
    private CompletionStage<QueryResult> handleError(HandlerMethod handler, Throwable error, Query query,
            List<String> columns) {
        List<ExceptionHandlers> chain = new ArrayList<>();
        chain.add(handler.exceptionHandlers());
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
                return CompletableFuture.completedFuture(
                        results.toResult(handler, outcome, columns, UnaryOperator.identity()));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(ExceptionHandlers.translate(e));
            }
        }
        return CompletableFuture.failedFuture(ExceptionHandlers.translate(error));
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
