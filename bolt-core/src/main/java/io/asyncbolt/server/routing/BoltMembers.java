package io.asyncbolt.server.routing;

import java.util.Collection;
import java.util.List;

/**
 * Where the members of a group come from: a static list, or a discovery system (Kubernetes endpoints, Consul,
 * Eureka...). Asked on each ROUTE, on the server's handler executor: it may block, but should answer from a
 * cache when the system behind it is slow.
 */
@FunctionalInterface
public interface BoltMembers {

    /** The members as known now; the local instance may be among them or not. */
    List<BoltMember> members() throws Exception;

    /** A fixed list. */
    static BoltMembers of(Collection<BoltMember> members) {
        List<BoltMember> fixed = List.copyOf(members);
        return () -> fixed;
    }

    /** A fixed list. */
    static BoltMembers of(BoltMember... members) {
        return of(List.of(members));
    }
}
