package io.asyncbolt.protocol.message;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FAILURE: the request failed. Up to Bolt 5.6 only {@code code} and {@code message} travel; from 5.7 the
 * GQL fields ({@code gql_status}, {@code description}, {@code diagnostic_record}, {@code cause}) travel
 * too and {@code code} is sent as {@code neo4j_code}. The codec picks the shape for the negotiated
 * version.
 *
 * @param code             the Neo4j status code, {@code Neo.<Classification>.<Category>.<Title>}
 * @param message          human-readable text
 * @param gqlStatus        the five-character GQLSTATUS
 * @param description      the GQL status description
 * @param diagnosticRecord the GQL diagnostic record ({@code _classification}, ...)
 * @param cause            the GQL cause, or null
 */
public record FailureMessage(String code, String message, String gqlStatus, String description,
        Map<String, Object> diagnosticRecord, FailureMessage cause) implements Response {

    public static final byte SIGNATURE = 0x7F;
    /** The GQLSTATUS Neo4j reports for errors that have no more specific one. */
    public static final String DEFAULT_GQL_STATUS = "50N42";
    public static final String DEFAULT_DESCRIPTION = "error: general processing exception - unexpected error";

    public FailureMessage {
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("code must not be blank");
        }
        message = message == null ? "" : message;
        gqlStatus = gqlStatus == null ? DEFAULT_GQL_STATUS : gqlStatus;
        description = description == null ? DEFAULT_DESCRIPTION + ". " + message : description;
        diagnosticRecord = MessageMaps.immutable(diagnosticRecord == null
                ? defaultDiagnosticRecord(code) : diagnosticRecord);
    }

    /** A failure with the GQL fields derived from the Neo4j code. */
    public static FailureMessage of(String code, String message) {
        return new FailureMessage(code, message, null, null, null, null);
    }

    /** The classification of the code: {@code ClientError}, {@code TransientError}, {@code DatabaseError}... */
    public String classification() {
        return classificationOf(code);
    }

    @Override
    public byte signature() {
        return SIGNATURE;
    }

    @Override
    public String toString() {
        return "FAILURE {code: " + code + ", message: " + message + ", gql_status: " + gqlStatus + "}";
    }

    static String classificationOf(String code) {
        int first = code.indexOf('.');
        int second = first < 0 ? -1 : code.indexOf('.', first + 1);
        return second < 0 ? "" : code.substring(first + 1, second);
    }

    private static Map<String, Object> defaultDiagnosticRecord(String code) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("OPERATION", "");
        record.put("OPERATION_CODE", "0");
        record.put("CURRENT_SCHEMA", "/");
        String gqlClassification = switch (classificationOf(code)) {
            case "ClientError" -> "CLIENT_ERROR";
            case "TransientError" -> "TRANSIENT_ERROR";
            case "DatabaseError" -> "DATABASE_ERROR";
            default -> null;
        };
        if (gqlClassification != null) {
            record.put("_classification", gqlClassification);
        }
        return record;
    }
}
