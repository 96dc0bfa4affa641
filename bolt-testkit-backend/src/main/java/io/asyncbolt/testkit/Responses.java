package io.asyncbolt.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builders of the {@code {name, data}} objects testkit expects. */
final class Responses {

    private Responses() {
    }

    static Map<String, Object> of(String name, Map<String, Object> data) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("name", name);
        response.put("data", data);
        return response;
    }

    static Map<String, Object> of(String name) {
        return of(name, new LinkedHashMap<>());
    }

    static Map<String, Object> withId(String name, String id) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        return of(name, data);
    }

    static Map<String, Object> backendError(String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("msg", message);
        return of("BackendError", data);
    }

    static Map<String, Object> frontendError(String message) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("msg", message);
        return of("FrontendError", data);
    }
}
