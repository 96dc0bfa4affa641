package io.asyncbolt.spring.boot.proxy;

import io.asyncbolt.server.BoltUser;
import java.security.Principal;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.util.ClassUtils;

/** {@code bolt.proxy.read-only-users} and {@code read-only-roles} as a test of the downstream principal. */
final class ReadOnlyUsers implements Predicate<Principal> {

    private static final boolean SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.Authentication", ReadOnlyUsers.class.getClassLoader());

    private final Set<String> users;
    private final Set<String> roles;

    ReadOnlyUsers(Iterable<String> users, Iterable<String> roles) {
        this.users = Set.copyOf(asSet(users));
        this.roles = Set.copyOf(asSet(roles));
    }

    boolean isEmpty() {
        return users.isEmpty() && roles.isEmpty();
    }

    @Override
    public boolean test(Principal user) {
        if (user == null) {
            return false;
        }
        if (users.contains(user.getName())) {
            return true;
        }
        if (roles.isEmpty()) {
            return false;
        }
        if (user instanceof BoltUser bolt) {
            return bolt.roles().stream().anyMatch(roles::contains);
        }
        return SECURITY && SpringSecurity.hasRole(user, roles);
    }

    private static java.util.Collection<String> asSet(Iterable<String> values) {
        java.util.Set<String> set = new java.util.HashSet<>();
        values.forEach(set::add);
        return set;
    }

    /** Authorities named {@code role} or {@code ROLE_role}. */
    private static final class SpringSecurity {
        static boolean hasRole(Principal user, Set<String> roles) {
            if (!(user instanceof org.springframework.security.core.Authentication authentication)) {
                return false;
            }
            return authentication.getAuthorities().stream().map(a -> a.getAuthority()).filter(a -> a != null)
                    .anyMatch(a -> roles.contains(a) || a.startsWith("ROLE_") && roles.contains(a.substring(5)));
        }
    }
}
