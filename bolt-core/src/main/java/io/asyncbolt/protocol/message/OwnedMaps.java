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

    static boolean isReadOnly(Map<?, ?> map) {
        return map instanceof ReadOnly;
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
