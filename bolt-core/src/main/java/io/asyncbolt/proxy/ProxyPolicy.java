package io.asyncbolt.proxy;

import io.asyncbolt.server.AccessMode;
import java.security.Principal;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides what a downstream user may run: asked for every RUN (auto-commit or in a transaction) and for every
 * BEGIN (with no statement), on the server's handler executor, where it may block, unless it says it never
 * {@linkplain #blocks() blocks}. It allows, refuses with a Neo4j status code, or rewrites the statement, its
 * parameters or its access mode (a transaction's mode is decided at BEGIN).
 */
@FunctionalInterface
public interface ProxyPolicy {

    /** Allows everything. */
    ProxyPolicy ALLOW_ALL = nonBlocking(request -> Decision.allow());

    /** The decision for {@code request}. */
    Decision decide(Request request) throws Exception;

    /**
     * Whether {@link #decide} may block (default true). A policy that decides from the request alone (no
     * remote call, no lock held for long) returns false: the gateway then forwards each request on the
     * connection's network thread instead of handing it to the handler executor and back, which saves two
     * thread hand-offs per request.
     */
    default boolean blocks() {
        return true;
    }

    /** {@code policy}, declared never to block (see {@link #blocks()}). */
    static ProxyPolicy nonBlocking(ProxyPolicy policy) {
        Objects.requireNonNull(policy);
        return new ProxyPolicy() {
            @Override
            public Decision decide(Request request) throws Exception {
                return policy.decide(request);
            }

            @Override
            public boolean blocks() {
                return false;
            }
        };
    }

    /**
     * Runs the work of users matching {@code readOnly} in READ mode (the upstream then refuses writes);
     * {@code readOnly} must not block (it looks at the principal, e.g. its roles).
     */
    static ProxyPolicy readOnlyUsers(Predicate<Principal> readOnly) {
        Objects.requireNonNull(readOnly);
        return nonBlocking(request -> readOnly.test(request.user()) && request.mode() != AccessMode.READ
                ? Decision.forceRead() : Decision.allow());
    }

    /**
     * This policy, then {@code next} on what it allowed or rewrote (a refusal stops there); it blocks if
     * either does.
     */
    default ProxyPolicy andThen(ProxyPolicy next) {
        Objects.requireNonNull(next);
        ProxyPolicy chained = request -> {
            Decision firstDecision = decide(request);
            if (firstDecision instanceof Decision.Refuse) {
                return firstDecision;
            }
            Request rewritten = firstDecision instanceof Decision.Rewrite r ? r.applyTo(request) : request;
            Decision second = next.decide(rewritten);
            if (second instanceof Decision.Refuse || !(firstDecision instanceof Decision.Rewrite r1)) {
                return second;
            }
            if (second instanceof Decision.Rewrite r2) {
                return new Decision.Rewrite(r2.statement() != null ? r2.statement() : r1.statement(),
                        r2.parameters() != null ? r2.parameters() : r1.parameters(),
                        r2.mode() != null ? r2.mode() : r1.mode());
            }
            return firstDecision;
        };
        return blocks() || next.blocks() ? chained : nonBlocking(chained);
    }

    /**
     * What is asked.
     *
     * @param user          the downstream principal
     * @param database      the database, or null for the user's home database
     * @param mode          the access mode the client declared (for a query in a transaction, that of BEGIN)
     * @param statement     the query text, or null for a BEGIN
     * @param parameters    the query parameters (empty for a BEGIN)
     * @param inTransaction whether the query runs in an explicit transaction
     */
    record Request(Principal user, String database, AccessMode mode, String statement, Map<String, Object> parameters,
            boolean inTransaction) {
        public Request {
            parameters = parameters == null ? Map.of() : parameters;
        }
    }

    /** Allow, refuse or rewrite. */
    sealed interface Decision {

        static Decision allow() {
            return Allow.INSTANCE;
        }

        /** Refuses with a Neo4j status code, e.g. {@code Neo.ClientError.Security.Forbidden}. */
        static Decision refuse(String code, String message) {
            return new Refuse(code, message);
        }

        /** Runs another statement and parameters instead. */
        static Decision rewrite(String statement, Map<String, Object> parameters) {
            return new Rewrite(statement, parameters, null);
        }

        /** Runs in READ mode, whatever the client declared. */
        static Decision forceRead() {
            return new Rewrite(null, null, AccessMode.READ);
        }

        /** Go ahead unchanged. */
        enum Allow implements Decision {
            INSTANCE
        }

        /** @param code the Neo4j status code the client gets; @param message its message */
        record Refuse(String code, String message) implements Decision {
            public Refuse {
                Objects.requireNonNull(code, "code");
                message = message == null ? "Refused by the gateway's policy" : message;
            }
        }

        /**
         * @param statement  the statement to run instead, or null to keep it
         * @param parameters the parameters instead, or null to keep them
         * @param mode       the access mode instead, or null to keep it
         */
        record Rewrite(String statement, Map<String, Object> parameters, AccessMode mode) implements Decision {

            Request applyTo(Request request) {
                return new Request(request.user(), request.database(), mode != null ? mode : request.mode(),
                        statement != null ? statement : request.statement(),
                        parameters != null ? parameters : request.parameters(), request.inTransaction());
            }
        }
    }
}
