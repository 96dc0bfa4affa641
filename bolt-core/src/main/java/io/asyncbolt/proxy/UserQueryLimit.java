package io.asyncbolt.proxy;

import io.asyncbolt.server.BoltException;
import java.security.Principal;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

/**
 * Counts the statements each downstream user has running (from RUN to the end of its records, over all of
 * the user's connections) and refuses one more beyond the user's limit with
 * {@value #RESOURCE_EXHAUSTION}, a transient code the drivers' managed transactions retry. Only users with
 * running statements are kept.
 */
final class UserQueryLimit {

    /** The code of a statement refused because its user is at the limit. */
    static final String RESOURCE_EXHAUSTION = "Neo.TransientError.Request.ResourceExhaustion";

    /** What a running statement holds; released once, when it ended. */
    interface Permit {
        Permit UNLIMITED = () -> { };

        void release();
    }

    private final ToIntFunction<Principal> limits;
    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

    /** @param limits the most statements a user may run at once; 0 or less for no limit */
    UserQueryLimit(ToIntFunction<Principal> limits) {
        this.limits = limits;
    }

    /** A permit for one more statement of {@code user}, or a {@link BoltException} if the user is at the limit. */
    Permit acquire(Principal user) {
        if (user == null) {
            return Permit.UNLIMITED;
        }
        int limit = limits.applyAsInt(user);
        if (limit <= 0) {
            return Permit.UNLIMITED;
        }
        String name = user.getName();
        boolean[] granted = new boolean[1];
        running.compute(name, (key, count) -> {
            int now = count == null ? 0 : count;
            granted[0] = now < limit;
            return granted[0] ? now + 1 : count;
        });
        if (!granted[0]) {
            throw new BoltException(RESOURCE_EXHAUSTION, "User '" + name + "' already runs " + limit
                    + " queries at once, the most this gateway allows; retry when one has ended");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                running.computeIfPresent(name, (key, count) -> count <= 1 ? null : count - 1);
            }
        };
    }

    /** How many statements {@code user} has running. */
    int running(String user) {
        return running.getOrDefault(user, 0);
    }
}
