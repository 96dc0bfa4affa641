package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.AuthToken;
import io.asyncbolt.server.Authenticator;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.StatusCodes;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Checks basic-scheme credentials against {@code bolt.server.authentication.users} (encoded passwords). */
final class PropertiesAuthenticator implements Authenticator {

    private final Map<String, BoltServerProperties.User> users = new LinkedHashMap<>();
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    PropertiesAuthenticator(List<BoltServerProperties.User> users) {
        for (int i = 0; i < users.size(); i++) {
            BoltServerProperties.User user = users.get(i);
            try {
                encoder.matches("-", user.getPassword()); // throws for an encoding id nobody knows
            } catch (IllegalArgumentException unknownEncoding) {
                throw new InvalidConfigurationPropertyValueException(
                        "bolt.server.authentication.users[" + i + "].password", "******",
                        "names no password encoding Spring Security knows (" + unknownEncoding.getMessage()
                                + "); use e.g. {bcrypt}$2a$10$... or {noop}secret");
            }
            this.users.put(user.getName(), user);
        }
    }

    @Override
    public Principal authenticate(AuthToken token) {
        BoltServerProperties.User user = token.principal() == null ? null : users.get(token.principal());
        if (!"basic".equals(token.scheme()) || user == null || token.credentials() == null
                || !encoder.matches(token.credentials(), user.getPassword())) {
            throw new BoltException(StatusCodes.UNAUTHORIZED,
                    "The client is unauthorized due to authentication failure.");
        }
        return new BoltUser(user.getName(), user.getRoles());
    }
}
