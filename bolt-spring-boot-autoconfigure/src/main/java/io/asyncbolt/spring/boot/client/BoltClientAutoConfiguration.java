package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.ClientConfig;
import io.asyncbolt.client.ClientListener;
import io.asyncbolt.spring.boot.BoltSsl;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;
import org.springframework.core.convert.ConversionService;
import org.springframework.dao.DataAccessException;

/**
 * A {@link BoltClient} bean when {@code bolt.client.uri} is set (or a {@link BoltConnectionDetails} bean
 * exists), and a {@link BoltTemplate} on top of it.
 */
// before Boot's transaction auto-configuration, whose @Transactional support waits for a transaction manager
@AutoConfiguration(beforeName = "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration")
@ConditionalOnClass({BoltClient.class, DataAccessException.class})
@EnableConfigurationProperties(BoltClientProperties.class)
public class BoltClientAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "bolt.client", name = "uri")
    BoltConnectionDetails boltConnectionDetails(BoltClientProperties properties) {
        BoltClientProperties.Authentication auth = properties.getAuthentication();
        AuthToken token = auth.getBearerToken() != null ? AuthToken.bearer(auth.getBearerToken())
                : auth.getUsername() != null ? AuthToken.basic(auth.getUsername(), auth.getPassword())
                : AuthToken.none();
        String uri = properties.getUri();
        return new BoltConnectionDetails() {
            @Override
            public String uri() {
                return uri;
            }

            @Override
            public AuthToken authToken() {
                return token;
            }
        };
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnBean(BoltConnectionDetails.class)
    BoltClient boltClient(BoltConnectionDetails details, BoltClientProperties properties,
            ObjectProvider<SslBundles> sslBundles, ApplicationContext context) {
        properties.validate();
        BoltClientProperties.Pool pool = properties.getPool();
        ClientConfig.Builder config = ClientConfig.builder()
                .maxPoolSize(pool.getMaxConnectionPoolSize())
                .acquisitionTimeout(pool.getConnectionAcquisitionTimeout())
                .maxConnectionLifetime(pool.getMaxConnectionLifetime())
                .livenessCheckAfter(pool.getIdleTimeBeforeConnectionTest())
                .connectTimeout(properties.getConnectTimeout())
                .readTimeout(properties.getReadTimeout())
                .maxRetryTime(properties.getMaxRetryTime())
                .fetchSize(properties.getFetchSize());
        if (ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry", context.getClassLoader())) {
            ClientListener listener = MicrometerSupport.listener(context);
            if (listener != null) {
                config.listener(listener);
            }
        }
        if (properties.getSslBundle() != null) {
            config.sslContext(BoltSsl.forClient(sslBundles.getObject().getBundle(properties.getSslBundle())));
        }
        return BoltClient.create(details.uri(), details.authToken(), config.build());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(BoltClient.class)
    BoltTemplate boltTemplate(BoltClient client, BoltClientProperties properties,
            ObjectProvider<ConversionService> conversionService) {
        return new BoltTemplate(client, properties.getDatabase(),
                conversionService.getIfUnique(ApplicationConversionService::getSharedInstance));
    }

    /** The reactive template when Reactor is on the class path. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(BoltClient.class)
    @ConditionalOnClass(name = "reactor.adapter.JdkFlowAdapter")
    ReactiveBoltTemplate reactiveBoltTemplate(BoltClient client, BoltClientProperties properties,
            ObjectProvider<ConversionService> conversionService) {
        return new ReactiveBoltTemplate(client, properties.getDatabase(),
                conversionService.getIfUnique(ApplicationConversionService::getSharedInstance));
    }

    /** Spring transactions over Bolt when no other transaction manager is defined. */
    @Bean
    @ConditionalOnMissingBean(org.springframework.transaction.TransactionManager.class)
    @ConditionalOnBean(BoltClient.class)
    BoltTransactionManager transactionManager(BoltClient client, BoltClientProperties properties) {
        return new BoltTransactionManager(client, properties.getDatabase());
    }

    /** Observations and the acquire timer when Micrometer and a registry are present. */
    private static final class MicrometerSupport {
        static ClientListener listener(ApplicationContext context) {
            io.micrometer.core.instrument.MeterRegistry meters = context.getBeanProvider(
                    io.micrometer.core.instrument.MeterRegistry.class).getIfUnique();
            if (meters == null) {
                return null;
            }
            return new BoltClientObservations(meters, context.getBeanProvider(
                    io.micrometer.observation.ObservationRegistry.class)
                    .getIfAvailable(() -> io.micrometer.observation.ObservationRegistry.NOOP));
        }
    }
}
