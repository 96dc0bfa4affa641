package io.asyncbolt.spring.boot.proxy;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.proxy.BoltProxy;
import io.asyncbolt.proxy.ProxyAuditListener;
import io.asyncbolt.proxy.ProxyPolicy;
import io.asyncbolt.proxy.UpstreamAuth;
import io.asyncbolt.server.Authenticator;
import io.asyncbolt.spring.boot.BoltSsl;
import io.asyncbolt.spring.boot.server.BoltListenerSettings;
import io.asyncbolt.spring.boot.server.BoltServerAuthenticator;
import io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration;
import io.asyncbolt.spring.boot.server.BoltServerProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * With {@code bolt.proxy.enabled=true}, the application is a Bolt gateway ({@link BoltProxy}) in front of
 * {@code bolt.proxy.uri}, and the plain Bolt server backs off. The gateway listens as {@code bolt.server.*}
 * says and authenticates downstream users as the server would (the {@code Authenticator} bean,
 * {@code bolt.server.authentication.users}, or Spring Security's {@code AuthenticationManager}). The
 * application's {@link ProxyPolicy} beans (in order, then {@code bolt.proxy.read-only-*}),
 * {@link ProxyAuditListener} beans (with the audit log, and {@link BoltProxyMetrics} when Micrometer is there)
 * and {@link BoltProxyCustomizer} beans are used; with Spring Boot's health support, a
 * {@link BoltProxyHealthIndicator} ({@code boltProxy}).
 */
@AutoConfiguration(before = BoltServerAutoConfiguration.class)
@ConditionalOnClass(BoltProxy.class)
@ConditionalOnBooleanProperty("bolt.proxy.enabled")
@EnableConfigurationProperties({BoltProxyProperties.class, BoltServerProperties.class})
public class BoltProxyAutoConfiguration {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BoltProxyAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    BoltProxyLifecycle boltProxyLifecycle(BoltProxyProperties properties, BoltServerProperties server,
            ObjectProvider<ProxyPolicy> policies, ObjectProvider<ProxyAuditListener> listeners,
            ObjectProvider<BoltProxyCustomizer> customizers, ObjectProvider<SslBundles> sslBundles,
            ConfigurableEnvironment environment, ApplicationContext context) {
        properties.validate();
        Duration shutdownTimeout = BoltListenerSettings.shutdownTimeout(server, environment);
        return new BoltProxyLifecycle(() -> {
            BoltProxy.Builder builder = BoltProxy.builder(properties.getUri())
                    .upstreamAuth(upstreamAuth(properties.getAuth()))
                    .fetchSize(properties.getFetchSize())
                    .verifyTimeout(properties.getAuth().getVerifyTimeout())
                    .maxConcurrentQueriesPerUser(properties.getMaxConcurrentQueriesPerUser())
                    .address(server.getAddress())
                    .port(server.getPort())
                    .server(downstream -> BoltListenerSettings.apply(downstream, server, sslBundles::getObject));
            ClientConfig.Builder client = ClientConfig.builder();
            if (properties.getSsl().getBundle() != null) {
                client.sslContext(BoltSsl.forClient(sslBundles.getObject().getBundle(properties.getSsl().getBundle())));
            }
            builder.clientConfig(client.build());
            Authenticator authenticator = BoltServerAuthenticator.from(context, server);
            if (authenticator != null) {
                builder.authenticator(authenticator);
            } else if (properties.getAuth().getMode() == BoltProxyProperties.AuthMode.SERVICE_ACCOUNT) {
                throw new IllegalStateException("The Bolt gateway logs on upstream as its service account "
                        + "(bolt.proxy.auth.mode=service-account), so it must authenticate its users itself: declare "
                        + "them in bolt.server.authentication.users, or define an Authenticator or Spring Security "
                        + "AuthenticationManager bean; or set bolt.proxy.auth.mode=pass-through to let the upstream "
                        + "check each caller's credentials");
            }
            builder.policy(policy(policies, properties));
            builder.auditListener(audit(listeners, properties, context));
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            log.info("Bolt gateway for {} ({} upstream)", properties.getUri(),
                    properties.getAuth().getMode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            return builder;
        }, environment, shutdownTimeout);
    }

    private static UpstreamAuth upstreamAuth(BoltProxyProperties.Auth auth) {
        return auth.getMode() == BoltProxyProperties.AuthMode.PASS_THROUGH ? UpstreamAuth.passThrough(auth.getMaxClients())
                : UpstreamAuth.serviceAccount(AuthToken.basic(auth.getUsername(), auth.getPassword()),
                        auth.isImpersonate());
    }

    /** The application's policies in order, then the read-only users (so nothing lifts READ mode). */
    private static ProxyPolicy policy(ObjectProvider<ProxyPolicy> policies, BoltProxyProperties properties) {
        ProxyPolicy policy = policies.orderedStream().reduce(ProxyPolicy::andThen).orElse(ProxyPolicy.ALLOW_ALL);
        ReadOnlyUsers readOnly = new ReadOnlyUsers(properties.getReadOnlyUsers(), properties.getReadOnlyRoles());
        return readOnly.isEmpty() ? policy : policy.andThen(ProxyPolicy.readOnlyUsers(readOnly));
    }

    private static ProxyAuditListener audit(ObjectProvider<ProxyAuditListener> beans, BoltProxyProperties properties,
            ApplicationContext context) {
        List<ProxyAuditListener> listeners = new java.util.ArrayList<>(beans.orderedStream().toList());
        if (properties.isAuditLog()) {
            listeners.add(0, ProxyAuditListener.slf4j());
        }
        if (ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", context.getClassLoader())) {
            ProxyAuditListener metrics = MicrometerSupport.metrics(context, listeners);
            if (metrics != null) {
                listeners.add(metrics);
            }
        }
        return listeners.stream().reduce(ProxyAuditListener::andThen).orElse(ProxyAuditListener.NONE);
    }

    /** The {@code boltProxy} health indicator when Spring Boot's health support is present. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "boltProxyHealthIndicator")
        BoltProxyHealthIndicator boltProxyHealthIndicator(BoltProxyLifecycle lifecycle) {
            return new BoltProxyHealthIndicator(lifecycle);
        }
    }

    /** Resolved when the gateway starts, so the registry of any auto-configuration is there. */
    private static final class MicrometerSupport {
        static ProxyAuditListener metrics(ApplicationContext context, List<ProxyAuditListener> listeners) {
            if (listeners.stream().anyMatch(BoltProxyMetrics.class::isInstance)) {
                return null; // the application's own
            }
            io.micrometer.core.instrument.MeterRegistry meters = context
                    .getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class).getIfUnique();
            return meters == null ? null : new BoltProxyMetrics(meters);
        }
    }
}
