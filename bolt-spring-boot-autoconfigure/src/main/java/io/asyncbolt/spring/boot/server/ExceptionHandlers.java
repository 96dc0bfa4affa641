package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.StatusCodes;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.ExceptionDepthComparator;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.convert.ConversionException;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link BoltExceptionHandler} methods of one bean, and the default translation of what no handler
 * takes: conversion and validation failures become client errors, Spring Security's access denials
 * {@code Neo.ClientError.Security.Forbidden}, Spring's transient data-access errors
 * {@code Neo.TransientError.General.TransientError}, a write refused by a read-only SQL transaction (SQLSTATE
 * 25006) {@code Neo.ClientError.Statement.AccessMode}; anything else is left to the engine, which
 * answers {@code Neo.DatabaseError.General.UnknownError} without the exception's message.
 */
final class ExceptionHandlers {

    /** SQLSTATE 25006, "read-only SQL-transaction", of the SQL standard. */
    private static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private final Object bean;
    private final Map<Class<? extends Throwable>, Method> methods = new LinkedHashMap<>();

    ExceptionHandlers(Object bean) {
        this.bean = bean;
        ReflectionUtils.doWithMethods(AopUtils.getTargetClass(bean), this::register,
                method -> AnnotatedElementUtils.hasAnnotation(method, BoltExceptionHandler.class));
    }

    boolean isEmpty() {
        return methods.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private void register(Method method) {
        BoltExceptionHandler annotation = AnnotatedElementUtils.findMergedAnnotation(method, BoltExceptionHandler.class);
        List<Class<? extends Throwable>> types = new ArrayList<>(List.of(annotation.value()));
        if (types.isEmpty()) {
            for (Class<?> parameter : method.getParameterTypes()) {
                if (Throwable.class.isAssignableFrom(parameter)) {
                    types.add((Class<? extends Throwable>) parameter);
                }
            }
        }
        if (types.isEmpty()) {
            throw new IllegalStateException("@BoltExceptionHandler " + method + " names no exception type");
        }
        ReflectionUtils.makeAccessible(method);
        for (Class<? extends Throwable> type : types) {
            Method previous = methods.putIfAbsent(type, method);
            if (previous != null && !previous.equals(method)) {
                throw new IllegalStateException("Ambiguous @BoltExceptionHandler for " + type.getName() + ": "
                        + previous + " and " + method);
            }
        }
    }

    /** The handling method for {@code error}, or null. */
    Method find(Throwable error) {
        List<Class<? extends Throwable>> matches = new ArrayList<>();
        for (Class<? extends Throwable> type : methods.keySet()) {
            if (type.isInstance(error)) {
                matches.add(type);
            }
        }
        if (matches.isEmpty()) {
            return null;
        }
        matches.sort(new ExceptionDepthComparator(error));
        return methods.get(matches.get(0));
    }

    /** Calls the handling method: its return value (or what it throws) replaces the error. */
    Object handle(Method method, Throwable error, Query query) throws Exception {
        Object[] args = new Object[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            if (types[i].isInstance(error)) {
                args[i] = error;
            } else if (types[i] == Query.class) {
                args[i] = query;
            }
        }
        try {
            return method.invoke(bean, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The default translation of an unhandled error, or the error itself when it should stay internal. */
    static Throwable translate(Throwable error) {
        if (error instanceof BoltException) {
            return error;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && READ_ONLY_SQL_TRANSACTION.equals(sql.getSQLState())) {
                // a write in a read-only transaction (a Bolt read transaction, @Transactional(readOnly = true))
                return new BoltException("Neo.ClientError.Statement.AccessMode", "Writing in read access mode not "
                        + "allowed: the transaction is read-only");
            }
        }
        if (error instanceof ConversionException) {
            return new BoltException(StatusCodes.ARGUMENT_ERROR, "A parameter has the wrong type");
        }
        for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
            String name = type.getName();
            if (name.equals("jakarta.validation.ConstraintViolationException")
                    || name.equals("org.springframework.validation.method.MethodValidationException")) {
                return new BoltException(StatusCodes.ARGUMENT_ERROR, String.valueOf(error.getMessage()));
            }
            if (name.equals("org.springframework.security.access.AccessDeniedException")) {
                return new BoltException(StatusCodes.FORBIDDEN, "Access denied");
            }
            if (name.equals("org.springframework.dao.TransientDataAccessException")
                    || name.equals("org.springframework.dao.RecoverableDataAccessException")) {
                return new BoltException(StatusCodes.TRANSIENT_ERROR, "A temporary failure occurred; retry");
            }
        }
        return error;
    }
}
