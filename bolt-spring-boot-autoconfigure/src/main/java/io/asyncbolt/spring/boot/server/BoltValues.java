package io.asyncbolt.spring.boot.server;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

/** Turns what handler methods return into values PackStream carries. */
final class BoltValues {

    private BoltValues() {
    }

    static Object toBolt(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Double || value instanceof byte[] || value instanceof Temporal
                || value instanceof TemporalAmount || value.getClass().getName().startsWith("io.asyncbolt.value.")) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigDecimal || value instanceof BigInteger || value instanceof UUID
                || value instanceof CharSequence || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toBolt(v)));
            return out;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> out = new ArrayList<>(collection.size());
            for (Object element : collection) {
                out.add(toBolt(element));
            }
            return out;
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            List<Object> out = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                out.add(toBolt(Array.get(value, i)));
            }
            return out;
        }
        if (value instanceof java.util.Optional<?> optional) {
            return toBolt(optional.orElse(null));
        }
        return toBolt(asMap(value));
    }

    /** Whether the value is one row of named columns rather than one scalar column. */
    static boolean isRow(Object value) {
        if (value != null && value.getClass().getName().startsWith("io.asyncbolt.value.")) {
            return false; // graph and spatial values are single values, even when they are Java records
        }
        return value instanceof Map<?, ?> || value instanceof java.lang.Record || isBean(value);
    }

    /**
     * The Bolt values of the {@code selected} columns of a row value (record, bean or map), in that order;
     * a record's components are read through accessors looked up once per record type.
     */
    static List<Object> rowValues(Object value, List<String> selected) {
        List<Object> values = new ArrayList<>(selected.size());
        if (value instanceof java.lang.Record record) {
            RecordShape shape = RECORD_SHAPES.get(record.getClass());
            if (shape.names.equals(selected)) {
                for (int i = 0; i < shape.names.size(); i++) {
                    values.add(toBolt(shape.read(record, i)));
                }
                return values;
            }
        }
        Map<String, Object> fields = asMap(value);
        for (String field : selected) {
            values.add(toBolt(fields.get(field)));
        }
        return values;
    }

    /** A record type's component names and accessors (made accessible: an application's records need not be public). */
    private static final class RecordShape {
        final List<String> names;
        private final java.lang.reflect.Method[] accessors;

        RecordShape(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            List<String> componentNames = new ArrayList<>(components.length);
            accessors = new java.lang.reflect.Method[components.length];
            for (int i = 0; i < components.length; i++) {
                componentNames.add(components[i].getName());
                accessors[i] = components[i].getAccessor();
                org.springframework.util.ReflectionUtils.makeAccessible(accessors[i]);
            }
            names = List.copyOf(componentNames);
        }

        Object read(Object record, int component) {
            try {
                return accessors[component].invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + accessors[component], e);
            }
        }
    }

    private static final ClassValue<RecordShape> RECORD_SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    /** The columns of a row value, in declared order. */
    static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        }
        if (value instanceof java.lang.Record record) {
            RecordShape shape = RECORD_SHAPES.get(record.getClass());
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < shape.names.size(); i++) {
                out.put(shape.names.get(i), shape.read(record, i));
            }
            return out;
        }
        BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(value);
        Map<String, Object> out = new LinkedHashMap<>();
        for (String property : beanProperties(value.getClass())) {
            out.put(property, bean.getPropertyValue(property));
        }
        return out;
    }

    /**
     * The readable properties of a JavaBean in declared order: those backed by a field in the order of
     * the fields (superclass first), then the others by name (the JavaBeans introspector sorts by name).
     */
    static List<String> beanProperties(Class<?> type) {
        Map<String, Boolean> readable = new LinkedHashMap<>();
        for (var descriptor : BeanUtils.getPropertyDescriptors(type)) {
            if (!descriptor.getName().equals("class") && descriptor.getReadMethod() != null) {
                readable.put(descriptor.getName(), Boolean.TRUE);
            }
        }
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(0, c);
        }
        List<String> ordered = new ArrayList<>(readable.size());
        for (Class<?> c : hierarchy) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && readable.remove(field.getName()) != null) {
                    ordered.add(field.getName());
                }
            }
        }
        ordered.addAll(readable.keySet());
        return ordered;
    }

    private static boolean isBean(Object value) {
        if (value == null || value.getClass().getName().startsWith("java.") || value.getClass().isArray()
                || value.getClass().getName().startsWith("io.asyncbolt.value.")) {
            return false;
        }
        return PropertyAccessorFactory.forBeanPropertyAccess(value).getPropertyDescriptors().length > 1;
    }
}
