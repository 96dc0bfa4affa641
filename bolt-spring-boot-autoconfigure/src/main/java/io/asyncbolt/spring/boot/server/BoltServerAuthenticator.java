package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.Authenticator;
import org.springframework.context.ApplicationContext;

/**
 * The {@link Authenticator} the auto-configured Bolt server uses, for other servers of the application (the
 * Bolt gateway): the application's {@code Authenticator} bean; else {@code bolt.server.authentication.users}
 * (needs spring-security-crypto); else Spring Security's {@code AuthenticationManager} bean, or a
 * {@code JwtDecoder} bean for bearer tokens.
 */
public final class BoltServerAuthenticator {

    private BoltServerAuthenticator() {
    }

    /** The authenticator, or null when the application declares none (everyone may connect). */
    public static Authenticator from(ApplicationContext context, BoltServerProperties properties) {
        Authenticator own = context.getBeanProvider(Authenticator.class).getIfUnique();
        if (own != null) {
            return own;
        }
        boolean crypto = BoltServerAutoConfiguration.isPresent(
                "org.springframework.security.crypto.password.PasswordEncoder", context);
        if (!crypto) {
            if (!properties.getAuthentication().getUsers().isEmpty()) {
                throw new IllegalStateException("bolt.server.authentication.users needs spring-security-crypto "
                        + "(org.springframework.security:spring-security-crypto) on the class path to check encoded "
                        + "passwords");
            }
            return null;
        }
        return Security.authenticator(context, properties);
    }

    /** Only loaded with spring-security-crypto on the class path. */
    private static final class Security {
        static Authenticator authenticator(ApplicationContext context, BoltServerProperties properties) {
            if (!properties.getAuthentication().getUsers().isEmpty()) {
                return new PropertiesAuthenticator(properties.getAuthentication().getUsers());
            }
            return BoltServerAutoConfiguration.isPresent(
                    "org.springframework.security.authentication.AuthenticationManager", context)
                    ? Managers.authenticator(context) : null;
        }
    }

    /** Only loaded with spring-security-core on the class path. */
    private static final class Managers {
        static Authenticator authenticator(ApplicationContext context) {
            var manager = context.getBeanProvider(
                    org.springframework.security.authentication.AuthenticationManager.class).getIfUnique();
            if (manager == null && BoltServerAutoConfiguration.isPresent("org.springframework.security.oauth2.jwt.JwtDecoder",
                    context)) {
                manager = Jwt.manager(context);
            }
            return manager == null ? null : new SecurityAuthenticator(manager);
        }
    }

    /** Only loaded with Spring Security's resource server on the class path. */
    private static final class Jwt {
        static org.springframework.security.authentication.AuthenticationManager manager(ApplicationContext context) {
            var decoder = context.getBeanProvider(org.springframework.security.oauth2.jwt.JwtDecoder.class).getIfUnique();
            return decoder == null ? null : new org.springframework.security.authentication.ProviderManager(
                    new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider(
                            decoder));
        }
    }
}
