package io.asyncbolt.client;

import io.asyncbolt.protocol.message.FailureMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A GQL status in the cause chain of a {@link BoltClientException} (Bolt 5.7+): what led to the error
 * the server reported.
 */
public final class GqlError extends RuntimeException {

    /** What the official drivers fill in for keys the server left out. */
    static final Map<String, Object> DEFAULT_DIAGNOSTIC_RECORD;

    static {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("OPERATION", "");
        defaults.put("OPERATION_CODE", "0");
        defaults.put("CURRENT_SCHEMA", "/");
        DEFAULT_DIAGNOSTIC_RECORD = Collections.unmodifiableMap(defaults);
    }

    private final String gqlStatus;
    private final String statusDescription;
    private final Map<String, Object> diagnosticRecord;

    private GqlError(String gqlStatus, String statusDescription, String message, Map<String, Object> diagnosticRecord,
            Throwable cause) {
        super(message, cause);
        this.gqlStatus = gqlStatus;
        this.statusDescription = statusDescription;
        this.diagnosticRecord = diagnosticRecord;
    }

    static GqlError of(FailureMessage failure) {
        return new GqlError(failure.gqlStatus(), failure.description(), failure.message(),
                withDefaults(failure.diagnosticRecord()), failure.cause() == null ? null : of(failure.cause()));
    }

    /** The server's record over the defaults (a key the server sent, even with a null value, wins). */
    static Map<String, Object> withDefaults(Map<String, Object> record) {
        if (record == null || record.isEmpty()) {
            return DEFAULT_DIAGNOSTIC_RECORD;
        }
        Map<String, Object> merged = new LinkedHashMap<>(DEFAULT_DIAGNOSTIC_RECORD);
        merged.putAll(record);
        return Collections.unmodifiableMap(merged);
    }

    public String gqlStatus() {
        return gqlStatus;
    }

    public String statusDescription() {
        return statusDescription;
    }

    public Map<String, Object> diagnosticRecord() {
        return diagnosticRecord;
    }

    /** {@code _classification} as the server sent it, or null. */
    public String rawClassification() {
        return diagnosticRecord.get("_classification") instanceof String s ? s : null;
    }

    /** {@code CLIENT_ERROR}, {@code DATABASE_ERROR}, {@code TRANSIENT_ERROR}, or {@code UNKNOWN}. */
    public String classification() {
        return BoltClientException.classification(rawClassification());
    }
}
