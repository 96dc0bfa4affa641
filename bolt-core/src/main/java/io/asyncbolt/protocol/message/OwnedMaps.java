package io.asyncbolt.protocol.message;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * For codecs and the engines: a message takes a map wrapped here as it is, without the copy it makes of
 * any other map. Only for a map that nobody holds or changes after the call (one just decoded or built).
 */
public final class OwnedMaps {

    private OwnedMaps() {
    }

    /** {@code fresh} as a read-only map that messages need not copy. */
    public static Map<String, Object> readOnly(Map<String, Object> fresh) {
        if (fresh == null || fresh.isEmpty()) {
            return Map.of();
        }
        return fresh instanceof ReadOnly ? fresh : new ReadOnly(fresh);
    }

    /** The most entries {@link #compact} takes. */
    public static final int COMPACT_MAX = 16;

    /**
     * A read-only map over {@code count} entries laid out key, value, key, value... in {@code keysAndValues}
     * (keys distinct Strings, values may be null), in that order; the array is the map's from now on.
     */
    public static Map<String, Object> compact(Object[] keysAndValues, int count) {
        if (count == 0) {
            return Map.of();
        }
        if (count > COMPACT_MAX || keysAndValues.length < 2 * count) {
            throw new IllegalArgumentException("a compact map holds 1 to " + COMPACT_MAX + " entries: " + count);
        }
        return new Compact(keysAndValues, count);
    }

    static boolean isReadOnly(Map<?, ?> map) {
        return map instanceof ReadOnly || map instanceof Compact;
    }

    /** Few entries in one array, looked up by a scan: smaller than a hash map of the same entries. */
    private static final class Compact extends AbstractMap<String, Object> {
        private final Object[] keysAndValues;
        private final int count;

        Compact(Object[] keysAndValues, int count) {
            this.keysAndValues = keysAndValues;
            this.count = count;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < 2 * count; i += 2) {
                if (keysAndValues[i] == key || keysAndValues[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? null : keysAndValues[i + 1];
        }

        @Override
        public boolean containsKey(Object key) {
            return indexOf(key) >= 0;
        }

        @Override
        public Object getOrDefault(Object key, Object defaultValue) {
            int i = indexOf(key);
            return i < 0 ? defaultValue : keysAndValues[i + 1];
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < 2 * count; i += 2) {
                action.accept((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Entry<String, Object>> iterator() {
                    return new java.util.Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < 2 * count;
                        }

                        @Override
                        public Entry<String, Object> next() {
                            if (next >= 2 * count) {
                                throw new java.util.NoSuchElementException();
                            }
                            int i = next;
                            next += 2;
                            return new SimpleImmutableEntry<>((String) keysAndValues[i], keysAndValues[i + 1]);
                        }
                    };
                }

                @Override
                public int size() {
                    return count;
                }
            };
        }
    }

    /** A read-only view that keeps the order of the owned map. */
    private static final class ReadOnly extends AbstractMap<String, Object> {
        private final Map<String, Object> owned;
        private Map<String, Object> view;

        ReadOnly(Map<String, Object> owned) {
            this.owned = owned;
        }

        private Map<String, Object> view() {
            Map<String, Object> v = view;
            if (v == null) {
                v = Collections.unmodifiableMap(owned);
                view = v;
            }
            return v;
        }

        @Override
        public Object get(Object key) {
            return owned.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return owned.containsKey(key);
        }

        @Override
        public Object getOrDefault(Object key, Object defaultValue) {
            return owned.getOrDefault(key, defaultValue);
        }

        @Override
        public int size() {
            return owned.size();
        }

        @Override
        public boolean isEmpty() {
            return owned.isEmpty();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return view().entrySet();
        }

        @Override
        public Set<String> keySet() {
            return view().keySet();
        }

        @Override
        public java.util.Collection<Object> values() {
            return view().values();
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super Object> action) {
            owned.forEach(action);
        }
    }
}
