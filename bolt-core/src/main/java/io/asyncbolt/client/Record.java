package io.asyncbolt.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** One row of a result: values by column name or index, typed accessors, and mapping to Java records. */
public final class Record {

    private final Keys keys;
    private final List<Object> values;
    private final String invalidValue;

    Record(Keys keys, List<Object> values) {
        this(keys, values, null);
    }

    private Record(Keys keys, List<Object> values, String invalidValue) {
        this.keys = keys;
        this.values = values;
        this.invalidValue = invalidValue;
    }

    /** A record the client could not read (e.g. a time zone this JVM does not know): it fails when taken. */
    static Record invalid(Keys keys, String reason) {
        return new Record(keys, List.of(), reason);
    }

    /** Why the record could not be read, or null. */
    String invalidValue() {
        return invalidValue;
    }

    /** The column names, shared by all records of a result. */
    public List<String> keys() {
        return keys.names();
    }

    public List<Object> values() {
        return values;
    }

    public Object get(int index) {
        return values.get(index);
    }

    /** The value of a column; {@link NoSuchElementException} when the result has no such column. */
    public Object get(String key) {
        int index = keys.indexOf(key);
        if (index < 0) {
            throw new NoSuchElementException("No column '" + key + "' in " + keys.names());
        }
        return values.get(index);
    }

    public String getString(String key) {
        return (String) get(key);
    }

    public long getLong(String key) {
        return ((Number) get(key)).longValue();
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    /** Column names to values, in column order. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            map.put(keys.names().get(i), values.get(i));
        }
        return map;
    }

    /**
     * Maps the record onto a Java record by component name: each component takes the column of the same
     * name (numbers are narrowed to the component's type). Missing columns fail.
     */
    public <R extends java.lang.Record> R as(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = convert(get(components[i].getName()), types[i], components[i].getName());
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot map " + keys.names() + " onto " + type.getName(), e);
        }
    }

    private static Object convert(Object value, Class<?> type, String name) {
        if (value == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException("Column '" + name + "' is null but " + type + " is primitive");
            }
            return null;
        }
        if (value instanceof Number n) {
            if (type == int.class || type == Integer.class) {
                return Math.toIntExact(n.longValue());
            }
            if (type == long.class || type == Long.class) {
                return n.longValue();
            }
            if (type == double.class || type == Double.class) {
                return n.doubleValue();
            }
            if (type == float.class || type == Float.class) {
                return n.floatValue();
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return "Record" + asMap();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Record r && r.keys().equals(keys()) && r.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** Column names with their index, built once per result. */
    /**
     * The column names of one result, shared by its records. Narrow results are searched by name directly;
     * an index is built, once, only for wide ones.
     */
    static final class Keys {
        private static final int LINEAR_SEARCH_MAX = 8;

        private final List<String> names;
        private Map<String, Integer> index;

        private Keys(List<String> names) {
            this.names = names;
        }

        /** The names of RUN's {@code fields}; names that are not strings (never sent by servers) become text. */
        static Keys of(List<?> fields) {
            String[] names = new String[fields.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = String.valueOf(fields.get(i));
            }
            return new Keys(List.of(names));
        }

        List<String> names() {
            return names;
        }

        int indexOf(String key) {
            if (names.size() <= LINEAR_SEARCH_MAX) {
                for (int i = 0; i < names.size(); i++) {
                    if (names.get(i).equals(key)) {
                        return i;
                    }
                }
                return -1;
            }
            Map<String, Integer> map = index;
            if (map == null) {
                Map<String, Integer> built = new java.util.HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    built.putIfAbsent(names.get(i), i);
                }
                map = Map.copyOf(built); // immutable, so safely published to other threads; racers build equal maps
                index = map;
            }
            Integer i = map.get(key);
            return i == null ? -1 : i;
        }
    }
}
