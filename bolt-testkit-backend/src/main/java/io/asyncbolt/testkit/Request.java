package io.asyncbolt.testkit;

import java.util.List;
import java.util.Map;

/** The {@code data} of one request, with typed accessors. */
final class Request {

    private final Map<String, Object> data;

    Request(Map<String, Object> data) {
        this.data = data;
    }

    boolean has(String key) {
        return data.get(key) != null;
    }

    Object get(String key) {
        return data.get(key);
    }

    String string(String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }

    String required(String key) {
        String v = string(key);
        if (v == null) {
            throw new Errors.BadRequestException("missing " + key);
        }
        return v;
    }

    Long number(String key) {
        return data.get(key) instanceof Number n ? n.longValue() : null;
    }

    Boolean bool(String key) {
        return data.get(key) instanceof Boolean b ? b : null;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String key) {
        return data.get(key) instanceof List<?> l ? (List<Object>) l : null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String key) {
        return data.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
