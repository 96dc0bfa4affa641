package io.asyncbolt.testkit;

import io.asyncbolt.client.BoltClientException;
import io.asyncbolt.client.GqlError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns what the client threw into testkit's DriverError (kept by id, for RetryableNegative), or BackendError. */
final class Errors {

    private Errors() {
    }

    /** An exception the user's transaction function threw (RetryableNegative without an error id). */
    static final class FrontendException extends RuntimeException {
        FrontendException() {
            super("Client said no");
        }
    }

    /** The client lacks what a request needs: reported as BackendError, so such tests fail visibly. */
    static final class UnsupportedByClientException extends RuntimeException {
        UnsupportedByClientException(String message) {
            super(message);
        }
    }

    /** The request names an object this backend does not know, or is malformed. */
    static final class BadRequestException extends RuntimeException {
        BadRequestException(String message) {
            super(message);
        }
    }

    static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static Map<String, Object> toResponse(Throwable error, BackendState state) {
        Throwable e = unwrap(error);
        if (e instanceof FrontendException) {
            return Responses.frontendError(e.getMessage());
        }
        if (e instanceof UnsupportedByClientException || e instanceof BadRequestException
                || e instanceof CypherValues.UnsupportedValueException) {
            return Responses.backendError(e.getMessage());
        }
        if (e instanceof BoltClientException bolt) {
            return driverError(state, bolt, typeName(bolt), bolt.code(), bolt.isRetryable(), bolt.gqlStatus());
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException || e instanceof NullPointerException
                || e instanceof java.util.concurrent.RejectedExecutionException) {
            // the client refused wrong use of its API (or failed on it): a driver error for testkit
            return driverError(state, e, e.getClass().getName(), null, false, null);
        }
        return Responses.backendError(e.toString());
    }

    private static Map<String, Object> driverError(BackendState state, Throwable e, String type, String code,
            boolean retryable, String gqlStatus) {
        String id = state.newId();
        state.errors.put(id, e);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("errorType", type);
        data.put("msg", e.getMessage() == null ? e.toString() : e.getMessage());
        data.put("code", code == null || "N/A".equals(code) ? "" : code);
        data.put("retryable", retryable);
        if (e instanceof BoltClientException bolt) {
            data.put("gqlStatus", bolt.gqlStatus());
            data.put("statusDescription", bolt.statusDescription());
            data.put("diagnosticRecord", bolt.diagnosticRecord() == null ? null
                    : Summaries.typedMap(bolt.diagnosticRecord()));
            data.put("classification", bolt.classification());
            data.put("rawClassification", bolt.rawClassification());
            data.put("cause", e.getCause() instanceof GqlError cause ? gqlCause(cause) : null);
        }
        return Responses.of("DriverError", data);
    }

    private static Map<String, Object> gqlCause(GqlError e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("msg", e.getMessage());
        data.put("gqlStatus", e.gqlStatus());
        data.put("statusDescription", e.statusDescription());
        data.put("diagnosticRecord", e.diagnosticRecord() == null ? null : Summaries.typedMap(e.diagnosticRecord()));
        data.put("classification", e.classification());
        data.put("rawClassification", e.rawClassification());
        data.put("cause", e.getCause() instanceof GqlError cause ? gqlCause(cause) : null);
        return Responses.of("GqlError", data);
    }

    /** Names in the style testkit's official drivers use: Neo4jError kinds plus the connectivity ones. */
    static String typeName(BoltClientException e) {
        if (e instanceof BoltClientException.ClientError) {
            return "ClientError";
        }
        if (e instanceof BoltClientException.Transient) {
            return "TransientError";
        }
        if (e instanceof BoltClientException.DatabaseError) {
            return "DatabaseError";
        }
        if (e instanceof BoltClientException.Authentication) {
            return "AuthenticationError";
        }
        if (e instanceof BoltClientException.ServiceUnavailable) {
            return "ServiceUnavailable";
        }
        if (e instanceof BoltClientException.SessionExpired) {
            return "SessionExpired";
        }
        if (e instanceof BoltClientException.ResultConsumed) {
            return "ResultConsumedError";
        }
        return "BoltClientException";
    }
}
