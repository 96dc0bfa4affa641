package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.StatusCodes;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.ResolvableType;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ReflectionUtils;

/**
 * Builds the application's records and JavaBeans from a map of values (RUN parameters, or a map
 * parameter), converting each value with the conversion service; non-public types included.
 */
final class ObjectBinder {

    private final ConversionService conversionService;

    ObjectBinder(ConversionService conversionService) {
        this.conversionService = conversionService;
    }

    /** Whether {@code type} is a record or JavaBean of the application (never a JDK or value type). */
    boolean isBindable(Class<?> type) {
        String name = type.getName();
        if (type.isPrimitive() || type.isEnum() || type.isArray() || type.isInterface()
                || Modifier.isAbstract(type.getModifiers()) || name.startsWith("java.")
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

    /** A record from its components, or a bean from its writable properties. */
    Object bind(Map<?, ?> values, Class<?> type) {
        return type.isRecord() ? record(values, type) : bean(values, type);
    }

    private Object record(Map<?, ?> values, Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
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
                                ? ResolvableType.forClass(c)
                                : ResolvableType.forType(components[i].getGenericType()), null, null));
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

    private Object bean(Map<?, ?> values, Class<?> type) {
        Object bean = BeanUtils.instantiateClass(type);
        BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(bean);
        wrapper.setConversionService(conversionService);
        values.forEach((key, value) -> {
            String property = String.valueOf(key);
            if (wrapper.isWritableProperty(property)) {
                try {
                    wrapper.setPropertyValue(property, value);
                } catch (TypeMismatchException e) {
                    throw cannotUse(property, wrapper.getPropertyType(property), value);
                }
            }
        });
        return bean;
    }

    /** The client error for a value that does not convert to the declared type. */
    static BoltException cannotUse(String name, Class<?> type, Object value) {
        return new BoltException(StatusCodes.ARGUMENT_ERROR, "Parameter '" + name + "' cannot be used as "
                + (type == null ? "the declared type" : type.getSimpleName()) + ": " + value);
    }
}
