package io.asyncbolt.spring.boot.readme;

import io.asyncbolt.server.BoltUser;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;

// README's roles snippet (Spring Boot section) as written there, with a body for its "...";
// ReadmeSnippetsTest keeps the two in step
@BoltHandler
class AccountHandler {
    @BoltQuery(procedure = "app.whoami", columns = "user")          // with bolt.server.authentication.users
    String whoami(BoltUser user) {
        return user.name() + " " + user.roles();
    }

    @BoltQuery(procedure = "app.purge", columns = "purged")         // with an AuthenticationManager bean
    @PreAuthorize("hasRole('ADMIN')")
    public long purge(Authentication authentication) {
        return 0;
    }
}
