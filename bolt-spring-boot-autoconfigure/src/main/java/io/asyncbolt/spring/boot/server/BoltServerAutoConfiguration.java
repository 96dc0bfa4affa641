package io.asyncbolt.spring.boot.server;

import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.server.Authenticator;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.ServerListener;
import io.asyncbolt.spring.boot.BoltSsl;
import io.asyncbolt.server.TransactionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Starts a Bolt server that answers RUN requests with the application's {@link BoltHandler} beans, when
 * at least one exists and {@code bolt.server.enabled} is not false. An {@link Authenticator} or
 * {@link TransactionHandler} bean, when present, is used by the server.
 */
@AutoConfiguration
@ConditionalOnClass(BoltServer.class)
@ConditionalOnProperty(prefix = "bolt.server", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(annotation = BoltHandler.class)
@EnableConfigurationProperties(BoltServerProperties.class)
public class BoltServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    BoltHandlerDispatcher boltHandlerDispatcher(ApplicationContext context,
            ObjectProvider<ConversionService> conversionService) {
        return new BoltHandlerDispatcher(context,
                conversionService.getIfUnique(ApplicationConversionService::getSharedInstance));
    }

    /** Whether an optional library is there, asked of the application's class loader as conditions do. */
    static boolean isPresent(String className, ApplicationContext context) {
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
                : BoltServerAutoConfiguration.class.getClassLoader();
        return ClassUtils.isPresent(className, loader);
    }

    @Bean
    @ConditionalOnMissingBean
    BoltServerLifecycle boltServerLifecycle(BoltServerProperties properties, BoltHandlerDispatcher dispatcher,
            ObjectProvider<Authenticator> authenticator, ObjectProvider<TransactionHandler> transactions,
            ObjectProvider<ServerListener> listeners, ConfigurableEnvironment environment, ApplicationContext context) {
        properties.validate();
        String timeout = environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase");
        Duration shutdownTimeout = properties.getShutdown() == BoltServerProperties.Shutdown.IMMEDIATE ? Duration.ZERO
                : timeout == null ? Duration.ofSeconds(30)
                : org.springframework.boot.convert.DurationStyle.detectAndParse(timeout);
        boolean crypto = isPresent("org.springframework.security.crypto.password.PasswordEncoder", context);
        boolean micrometer = isPresent("io.micrometer.core.instrument.MeterRegistry", context);
        return new BoltServerLifecycle(() -> {
            BoltServer.Builder builder = BoltServer.builder()
                    .address(properties.getAddress())
                    .port(properties.getPort())
                    .agent(properties.getAgent())
                    .queryHandler(dispatcher)
                    .maxMessageSize(properties.getMaxMessageSize())
                    .maxMessageSizeBeforeAuth(properties.getMaxMessageSizeBeforeAuth())
                    .maxConnections(properties.getMaxConnections())
                    .handshakeTimeout(properties.getHandshakeTimeout())
                    .authTimeout(properties.getAuthTimeout())
                    .idleTimeout(properties.getIdleTimeout())
                    .recvTimeoutHint(properties.getRecvTimeoutHint())
                    .webSocket(properties.isWebSocket())
                    .defaultDatabase(properties.getDefaultDatabase())
                    .advertisedAddress(properties.getAdvertisedAddress())
                    .routingTtl(properties.getRoutingTtl());
            if (properties.getSsl().getBundle() != null) {
                SslBundle bundle = context.getBean(SslBundles.class).getBundle(properties.getSsl().getBundle());
                builder.tls(BoltSsl.forServer(bundle), properties.getSsl().isRequired());
            }
            if (!properties.getVersions().isEmpty()) {
                builder.versions(properties.getVersions().stream().map(BoltVersion::parse).toList());
            }
            Authenticator auth = authenticator.getIfUnique();
            if (auth == null) {
                auth = crypto ? SecuritySupport.authenticator(context, properties) : null;
            }
            if (auth != null) {
                builder.authenticator(auth);
            } else if (!properties.getAuthentication().getUsers().isEmpty()) {
                throw new IllegalStateException("bolt.server.authentication.users needs spring-security-crypto "
                        + "(org.springframework.security:spring-security-crypto) on the class path to check encoded "
                        + "passwords");
            }
            transactions.ifUnique(builder::transactionHandler);
            ServerListener listener = listeners.getIfUnique();
            if (listener == null && micrometer) {
                listener = MicrometerSupport.listener(context, dispatcher.handlerNames());
            }
            if (listener != null) {
                builder.listener(listener);
            }
            return builder;
        }, environment, shutdownTimeout);
    }

    /** Users from properties, else Spring Security's AuthenticationManager when there is one. */
    private static final class SecuritySupport {
        static Authenticator authenticator(ApplicationContext context, BoltServerProperties properties) {
            if (!properties.getAuthentication().getUsers().isEmpty()) {
                return new PropertiesAuthenticator(properties.getAuthentication().getUsers());
            }
            if (isPresent("org.springframework.security.authentication.AuthenticationManager", context)) {
                var manager = context.getBeanProvider(
                        org.springframework.security.authentication.AuthenticationManager.class).getIfUnique();
                if (manager == null && isPresent("org.springframework.security.oauth2.jwt.JwtDecoder", context)) {
                    manager = JwtSupport.manager(context);
                }
                return manager == null ? null : new SecurityAuthenticator(manager);
            }
            return null;
        }
    }

    /** Bearer tokens checked by the application's {@code JwtDecoder} (Spring Security resource server). */
    private static final class JwtSupport {
        static org.springframework.security.authentication.AuthenticationManager manager(ApplicationContext context) {
            var decoder = context.getBeanProvider(org.springframework.security.oauth2.jwt.JwtDecoder.class).getIfUnique();
            return decoder == null ? null : new org.springframework.security.authentication.ProviderManager(
                    new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider(decoder));
        }
    }

    /** Resolved when the server starts, so the registries of any auto-configuration are there. */
    private static final class MicrometerSupport {
        static ServerListener listener(ApplicationContext context, java.util.List<String> handlers) {
            MeterRegistry meters = context.getBeanProvider(MeterRegistry.class).getIfUnique();
            if (meters == null) {
                return null;
            }
            BoltServerMetrics metrics = new BoltServerMetrics(meters, context.getBeanProvider(ObservationRegistry.class)
                    .getIfAvailable(() -> ObservationRegistry.NOOP));
            metrics.registerHandlers(handlers);
            return metrics;
        }
    }
}
