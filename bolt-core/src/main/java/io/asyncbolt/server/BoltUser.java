package io.asyncbolt.server;

import java.security.Principal;
import java.util.List;

/** A simple principal: a user name and roles. */
public record BoltUser(String name, List<String> roles) implements Principal {

    public BoltUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public BoltUser(String name) {
        this(name, List.of());
    }

    @Override
    public String getName() {
        return name;
    }
}
