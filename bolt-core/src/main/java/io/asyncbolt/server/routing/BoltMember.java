package io.asyncbolt.server.routing;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One Bolt server of a group that shares a routing table.
 *
 * @param address {@code host:port} as drivers should reach it
 * @param roles   what drivers may send it
 * @param health  what the membership source knows about it
 */
public record BoltMember(String address, Set<Role> roles, Health health) {

    /** The roles of a routing table. */
    public enum Role {
        /** Answers ROUTE. */
        ROUTE,
        /** Serves read transactions. */
        READ,
        /** Serves write transactions. */
        WRITE
    }

    /** What the membership source knows about a member. */
    public enum Health {
        /** Known to serve: advertised in all its roles. */
        UP,
        /** Not known either way (e.g. not probed yet): advertised to route and read, never to write. */
        UNKNOWN,
        /** Known not to serve: never advertised. */
        DOWN
    }

    public BoltMember {
        Objects.requireNonNull(address, "address");
        if (address.isBlank() || address.lastIndexOf(':') <= 0) {
            throw new IllegalArgumentException("A member's address is host:port, not '" + address + "'");
        }
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(health, "health");
    }

    /** A healthy member in every role. */
    public static BoltMember of(String address) {
        return new BoltMember(address, EnumSet.allOf(Role.class), Health.UP);
    }

    /** A healthy member in the given roles. */
    public static BoltMember of(String address, Role... roles) {
        return new BoltMember(address, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles), Health.UP);
    }

    /** This member with another health. */
    public BoltMember withHealth(Health health) {
        return new BoltMember(address, roles, health);
    }

    /** Whether it may be advertised in {@code role}: writers must be known to be up. */
    boolean advertisable(Role role) {
        return roles.contains(role) && (health == Health.UP || health == Health.UNKNOWN && role != Role.WRITE);
    }
}
