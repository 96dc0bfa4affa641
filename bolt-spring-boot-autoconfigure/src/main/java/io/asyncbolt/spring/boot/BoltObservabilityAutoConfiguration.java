package io.asyncbolt.spring.boot;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.spring.boot.client.BoltClientAutoConfiguration;
import io.asyncbolt.spring.boot.client.BoltClientHealthIndicator;
import io.asyncbolt.spring.boot.client.BoltClientMetrics;
import io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration;
import io.asyncbolt.spring.boot.server.BoltServerHealthIndicator;
import io.asyncbolt.spring.boot.server.BoltServerLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health indicators ({@code boltServer}, {@code boltClient}) when Spring Boot's health support is present,
 * and the client's pool gauges when Micrometer is. The server's meters are bound when it starts.
 */
@AutoConfiguration(after = {BoltServerAutoConfiguration.class, BoltClientAutoConfiguration.class})
public class BoltObservabilityAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {

        @Bean
        @ConditionalOnBean(BoltServerLifecycle.class)
        @ConditionalOnMissingBean(name = "boltServerHealthIndicator")
        BoltServerHealthIndicator boltServerHealthIndicator(BoltServerLifecycle lifecycle) {
            return new BoltServerHealthIndicator(lifecycle);
        }

        @Bean
        @ConditionalOnBean(BoltClient.class)
        @ConditionalOnMissingBean(name = "boltClientHealthIndicator")
        BoltClientHealthIndicator boltClientHealthIndicator(BoltClient client) {
            return new BoltClientHealthIndicator(client);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnBean(BoltClient.class)
        @ConditionalOnMissingBean
        BoltClientMetrics boltClientMetrics(BoltClient client) {
            return new BoltClientMetrics(client, client.config());
        }
    }
}
