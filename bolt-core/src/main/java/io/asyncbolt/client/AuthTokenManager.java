package io.asyncbolt.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Gives the client its credentials for each connection it hands out, and hears when the server refuses
 * them: for password rotation and expiring tokens (SSO). Called on the way of every acquisition, so it
 * must be fast and must not block (return a stage that completes later instead).
 */
public interface AuthTokenManager {

    /** The token to use now; connections that authenticated with another one re-authenticate (Bolt 5.1+). */
    CompletionStage<AuthToken> getToken();

    /**
     * The server refused {@code token} with a {@code Neo.ClientError.Security.*} error. Returns true when
     * the manager did something about it (a fresh token is on its way), which makes the error retryable
     * for managed transactions.
     */
    boolean handleSecurityException(AuthToken token, BoltClientException error);

    /** Always the same token. */
    static AuthTokenManager fixed(AuthToken token) {
        CompletionStage<AuthToken> stage = CompletableFuture.completedFuture(token);
        return new AuthTokenManager() {
            @Override
            public CompletionStage<AuthToken> getToken() {
                return stage;
            }

            @Override
            public boolean handleSecurityException(AuthToken t, BoltClientException error) {
                return false;
            }
        };
    }

    /**
     * For rotating passwords: asks {@code provider} once, keeps the token until the server refuses it as
     * unauthorized ({@code Neo.ClientError.Security.Unauthorized}), then asks again.
     */
    static AuthTokenManager basic(Supplier<CompletionStage<AuthToken>> provider) {
        return new Cached(() -> provider.get().thenApply(token -> new AuthTokenAndExpiration(token, null)),
                Set.of("Neo.ClientError.Security.Unauthorized"), Clock.systemUTC());
    }

    /**
     * For expiring tokens: asks {@code provider}, keeps the token until it expires or the server refuses it
     * ({@code TokenExpired}, {@code Unauthorized}), then asks again.
     */
    static AuthTokenManager bearer(Supplier<CompletionStage<AuthTokenAndExpiration>> provider) {
        return bearer(provider, Clock.systemUTC());
    }

    /** {@link #bearer(Supplier)} with expiry measured by {@code clock}. */
    static AuthTokenManager bearer(Supplier<CompletionStage<AuthTokenAndExpiration>> provider, Clock clock) {
        return new Cached(provider, Set.of("Neo.ClientError.Security.TokenExpired",
                "Neo.ClientError.Security.Unauthorized"), clock);
    }

    /**
     * A token and when it stops being valid.
     *
     * @param token     the token
     * @param expiresAt when to ask for a new one, or null for never
     */
    record AuthTokenAndExpiration(AuthToken token, Instant expiresAt) {

        /** A token valid for {@code validFor} from now. */
        public static AuthTokenAndExpiration expiringIn(AuthToken token, Duration validFor) {
            return expiringIn(token, validFor, Clock.systemUTC());
        }

        /** A token valid for {@code validFor} from now by {@code clock}. */
        public static AuthTokenAndExpiration expiringIn(AuthToken token, Duration validFor, Clock clock) {
            return new AuthTokenAndExpiration(token, clock.instant().plus(validFor));
        }
    }

    /** Keeps one token (asked at most once at a time) until it expires or one of {@code refreshOn} refuses it. */
    final class Cached implements AuthTokenManager {
        private final Supplier<CompletionStage<AuthTokenAndExpiration>> provider;
        private final Set<String> refreshOn;
        private final Clock clock;
        private CompletableFuture<AuthTokenAndExpiration> current;

        Cached(Supplier<CompletionStage<AuthTokenAndExpiration>> provider, Set<String> refreshOn, Clock clock) {
            this.provider = provider;
            this.refreshOn = refreshOn;
            this.clock = clock;
        }

        @Override
        public CompletionStage<AuthToken> getToken() {
            CompletableFuture<AuthTokenAndExpiration> token;
            boolean ask = false;
            synchronized (this) {
                token = current;
                if (token == null || token.isCompletedExceptionally() || (token.isDone() && expired(token.join()))) {
                    token = new CompletableFuture<>();
                    current = token;
                    ask = true;
                }
            }
            if (ask) {
                CompletableFuture<AuthTokenAndExpiration> mine = token;
                try {
                    provider.get().whenComplete((t, e) -> {
                        if (e != null) {
                            mine.completeExceptionally(e);
                        } else {
                            mine.complete(t);
                        }
                    });
                } catch (RuntimeException e) {
                    mine.completeExceptionally(e);
                }
            }
            return token.thenApply(AuthTokenAndExpiration::token);
        }

        private boolean expired(AuthTokenAndExpiration token) {
            return token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt());
        }

        @Override
        public boolean handleSecurityException(AuthToken token, BoltClientException error) {
            if (!refreshOn.contains(error.code())) {
                return false;
            }
            synchronized (this) {
                if (current != null && current.isDone() && !current.isCompletedExceptionally()
                        && current.join().token().equals(token)) {
                    current = null; // ask again next time
                }
            }
            return true;
        }
    }
}
