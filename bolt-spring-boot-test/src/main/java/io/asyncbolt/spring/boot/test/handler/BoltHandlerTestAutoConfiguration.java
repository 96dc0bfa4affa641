package io.asyncbolt.spring.boot.test.handler;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.spring.boot.client.BoltClientAutoConfiguration;
import io.asyncbolt.spring.boot.client.BoltConnectionDetails;
import io.asyncbolt.spring.boot.client.BoltTemplate;
import io.asyncbolt.spring.boot.client.BoltTransactionManager;
import io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration;
import io.asyncbolt.spring.boot.server.BoltServerLifecycle;
import java.util.List;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The client side of {@link BoltHandlerTest}: connection details pointing at the application's own Bolt server
 * (they replace {@code bolt.client.uri}), and client beans created on first use, once the server has bound its
 * port.
 */
@AutoConfiguration(after = BoltServerAutoConfiguration.class, before = BoltClientAutoConfiguration.class)
@ConditionalOnBean(BoltServerLifecycle.class)
public class BoltHandlerTestAutoConfiguration {

    static final String PORT_PROPERTY = "local.bolt.server.port";

    @Bean
    @ConditionalOnMissingBean
    BoltConnectionDetails boltServerConnectionDetails(Environment environment) {
        String username = environment.getProperty("bolt.client.authentication.username");
        String password = environment.getProperty("bolt.client.authentication.password");
        String bearer = environment.getProperty("bolt.client.authentication.bearer-token");
        AuthToken token = bearer != null ? AuthToken.bearer(bearer)
                : username != null ? AuthToken.basic(username, password) : AuthToken.none();
        return new BoltConnectionDetails() {
            @Override
            public String uri() {
                String port = environment.getProperty(PORT_PROPERTY);
                if (port == null) {
                    throw new IllegalStateException("The Bolt server of this test has not started yet ("
                            + PORT_PROPERTY + " is not set): a bean that needs the client while the context starts "
                            + "should take an ObjectProvider<BoltTemplate> and ask it later");
                }
                String address = environment.getProperty("bolt.server.address", "127.0.0.1");
                if (address.equals("0.0.0.0") || address.equals("::")) {
                    address = "127.0.0.1";
                }
                return "bolt://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
            }

            @Override
            public AuthToken authToken() {
                return token;
            }
        };
    }

    /**
     * The client beans wait for their first use: the server's port is known only once the context has started.
     * The client's transaction manager is left out, as a slice has none (like {@code @WebMvcTest}); the server
     * looks for the application's transaction managers while it starts, which would create the client too early.
     */
    @Bean
    static BeanFactoryPostProcessor lazyBoltClientBeans() {
        return beanFactory -> {
            if (beanFactory instanceof BeanDefinitionRegistry registry) {
                for (String name : beanFactory.getBeanNamesForType(BoltTransactionManager.class, true, false)) {
                    if (registry.containsBeanDefinition(name)) {
                        registry.removeBeanDefinition(name);
                    }
                }
            }
            ClassLoader loader = beanFactory.getBeanClassLoader();
            List<String> types = List.of(BoltClient.class.getName(), BoltTemplate.class.getName(),
                    "io.asyncbolt.spring.boot.client.ReactiveBoltTemplate");
            for (String typeName : types) {
                if (!ClassUtils.isPresent(typeName, loader)) {
                    continue;
                }
                Class<?> type = ClassUtils.resolveClassName(typeName, loader);
                for (String name : beanFactory.getBeanNamesForType(type, true, false)) {
                    if (beanFactory.containsBeanDefinition(name)) {
                        beanFactory.getBeanDefinition(name).setLazyInit(true);
                    }
                }
            }
        };
    }
}
