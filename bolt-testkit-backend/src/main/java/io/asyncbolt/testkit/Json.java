package io.asyncbolt.testkit;

import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** JSON to and from plain maps, lists, strings, numbers and booleans. */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    static Map<String, Object> parse(String json) {
        return MAPPER.readValue(json, MAP);
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
