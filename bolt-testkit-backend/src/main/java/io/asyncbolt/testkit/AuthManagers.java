package io.asyncbolt.testkit;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.AuthTokenManager;
import io.asyncbolt.client.BoltClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * NewAuthTokenManager (custom: getToken and handleSecurityException ask testkit), NewBasicAuthTokenManager
 * and NewBearerAuthTokenManager (the client's managers over a provider that asks testkit), and
 * AuthTokenManagerClose; one id space for the three kinds. Token requests never block the client: they
 * return the stage of testkit's answer. Bearer expiry is measured by the connection's clock.
 */
final class AuthManagers {

    private final BackendState state;
    private final Callbacks callbacks;
    private final Clock clock;
    private final Map<String, AuthTokenManager> managers = new ConcurrentHashMap<>();

    AuthManagers(BackendState state, Callbacks callbacks, Clock clock) {
        this.state = state;
        this.callbacks = callbacks;
        this.clock = clock;
    }

    Map<String, Object> custom(Request r) {
        String id = state.newId();
        managers.put(id, new AuthTokenManager() {
            @Override
            public CompletionStage<AuthToken> getToken() {
                return callbacks.ask("AuthTokenManagerGetAuthRequest", Map.of("authTokenManagerId", id))
                        .thenApply(answer -> DriverRequests.authToken(answer.map("auth")));
            }

            @Override
            public boolean handleSecurityException(AuthToken token, BoltClientException error) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("authTokenManagerId", id);
                data.put("auth", typed(token));
                data.put("errorCode", error.code());
                return Boolean.TRUE.equals(callbacks.askAndWait(
                        "AuthTokenManagerHandleSecurityExceptionRequest", data).bool("handled"));
            }
        });
        return Responses.withId("AuthTokenManager", id);
    }

    Map<String, Object> basic(Request r) {
        String id = state.newId();
        managers.put(id, AuthTokenManager.basic(() -> callbacks.ask("BasicAuthTokenProviderRequest",
                Map.of("basicAuthTokenManagerId", id)).thenApply(answer -> DriverRequests.authToken(answer.map("auth")))));
        return Responses.withId("BasicAuthTokenManager", id);
    }

    Map<String, Object> bearer(Request r) {
        String id = state.newId();
        managers.put(id, AuthTokenManager.bearer(() -> callbacks.ask("BearerAuthTokenProviderRequest",
                Map.of("bearerAuthTokenManagerId", id)).thenApply(this::tokenAndExpiration), clock));
        return Responses.withId("BearerAuthTokenManager", id);
    }

    Map<String, Object> close(Request r) {
        String id = r.required("id");
        if (managers.remove(id) == null) {
            throw new Errors.BadRequestException("no auth token manager " + id);
        }
        return Responses.withId("AuthTokenManager", id);
    }

    /** The manager testkit handed out as {@code id}. */
    AuthTokenManager get(String id) {
        AuthTokenManager manager = managers.get(id);
        if (manager == null) {
            throw new Errors.BadRequestException("no auth token manager " + id);
        }
        return manager;
    }

    /** {@code {name: AuthTokenAndExpiration, data: {auth, expiresInMs}}} of a BearerAuthTokenProviderCompleted. */
    private AuthTokenManager.AuthTokenAndExpiration tokenAndExpiration(Request answer) {
        Map<String, Object> typed = answer.map("auth");
        Request data = new Request(typed != null && typed.get("data") instanceof Map<?, ?> ? unchecked(typed.get("data"))
                : typed == null ? Map.of() : typed);
        AuthToken token = DriverRequests.authToken(data.map("auth"));
        Long expiresInMs = data.number("expiresInMs");
        return expiresInMs == null ? new AuthTokenManager.AuthTokenAndExpiration(token, null)
                : AuthTokenManager.AuthTokenAndExpiration.expiringIn(token, Duration.ofMillis(expiresInMs), clock);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unchecked(Object map) {
        return (Map<String, Object>) map;
    }

    /** A token as testkit's {@code AuthorizationToken}. */
    static Map<String, Object> typed(AuthToken token) {
        return Responses.of("AuthorizationToken", new LinkedHashMap<>(token == null ? Map.of() : token.fields()));
    }
}
