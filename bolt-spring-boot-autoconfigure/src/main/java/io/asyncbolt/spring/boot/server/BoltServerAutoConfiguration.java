package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.Authenticator;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.RoutingTableProvider;
import io.asyncbolt.server.ServerListener;
import io.asyncbolt.server.SystemQueries;
import io.asyncbolt.server.TransactionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
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
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Starts a Bolt server that answers RUN requests with the application's {@link BoltHandler} beans, when
 * at least one exists and {@code bolt.server.enabled} is not false. The application's {@link Authenticator},
 * {@link TransactionHandler}, {@link RoutingTableProvider}, {@link SystemQueries} and {@link BoltGraphCatalog}
 * beans, and an {@code Executor} bean named {@value #EXECUTOR_BEAN}, are used by the server when present.
 */
@AutoConfiguration
@ConditionalOnClass(BoltServer.class)
@ConditionalOnProperty(prefix = "bolt.server", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnBean(annotation = BoltHandler.class)
@org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty(name = "bolt.proxy.enabled",
        havingValue = false, matchIfMissing = true) // the gateway (BoltProxyAutoConfiguration) takes the port
@EnableConfigurationProperties(BoltServerProperties.class)
public class BoltServerAutoConfiguration {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BoltServerAutoConfiguration.class);

    /** The name of an {@code Executor} bean the server runs handlers on, instead of a pool of its own. */
    public static final String EXECUTOR_BEAN = "boltServerExecutor";

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

    /**
     * Starts and stops the server that the {@link BoltServerFactory} configures, with the application context;
     * a graceful shutdown waits up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
     */
    @Bean
    @ConditionalOnMissingBean
    BoltServerLifecycle boltServerLifecycle(BoltServerFactory factory, BoltServerProperties properties,
            ConfigurableEnvironment environment) {
        return new BoltServerLifecycle(factory::builder, environment,
                BoltListenerSettings.shutdownTimeout(properties, environment));
    }

    /**
     * The server's configuration: {@code bolt.server.*}, the application's SPI beans, then the
     * {@link BoltServerCustomizer}s, applied afresh to a new {@link BoltServer.Builder} at each call.
     */
    @Bean
    @ConditionalOnMissingBean
    BoltServerFactory boltServerFactory(BoltServerProperties properties, BoltHandlerDispatcher dispatcher,
            ObjectProvider<TransactionHandler> transactions,
            ObjectProvider<ServerListener> listeners, ObjectProvider<SystemQueries> systemQueries,
            ObjectProvider<BoltGraphCatalog> catalogs, ObjectProvider<RoutingTableProvider> routing,
            ObjectProvider<BoltServerCustomizer> customizers, ObjectProvider<BoltServerLifecycle> lifecycles,
            ApplicationContext context) {
        properties.validate();
        boolean micrometer = isPresent("io.micrometer.core.instrument.MeterRegistry", context);
        boolean springTransactions = isPresent("org.springframework.transaction.PlatformTransactionManager", context);
        return () -> {
            BoltServerLifecycle lifecycle = lifecycles.getIfUnique();
            BoltServer.Builder builder = BoltServer.builder()
                    .queryHandler(dispatcher)
                    .defaultDatabase(properties.getDefaultDatabase());
            BoltListenerSettings.apply(builder, properties, () -> context.getBean(SslBundles.class));
            SystemQueries system = systemQueries.getIfUnique();
            builder.systemQueries(system != null ? system
                    : systemQueries(properties, dispatcher, catalogs.getIfUnique(),
                            () -> lifecycle == null ? null : lifecycle.getServer()));
            routing.ifUnique(builder::routing);
            if (context.containsBean(EXECUTOR_BEAN)) {
                builder.executor(context.getBean(EXECUTOR_BEAN, java.util.concurrent.Executor.class));
            } else if (org.springframework.boot.thread.Threading.VIRTUAL.isActive(context.getEnvironment())) {
                // spring.threads.virtual.enabled=true on Java 21+: blocking handlers on virtual threads
                builder.virtualThreads();
            }
            Authenticator auth = BoltServerAuthenticator.from(context, properties);
            if (auth != null) {
                builder.authenticator(auth);
            }
            TransactionHandler handler = transactions.getIfUnique();
            SpringTransactionHandler bridge = null;
            if (handler != null) {
                log.info("Bolt explicit transactions go to the application's TransactionHandler ({})",
                        handler.getClass().getName());
            } else {
                bridge = springTransactions ? SpringTransactionSupport.bridge(context, properties.getTransactions()) : null;
                handler = bridge != null ? bridge : TransactionSupport.withoutManager(properties.getTransactions());
            }
            if (bridge != null && lifecycle != null) {
                lifecycle.afterStop(bridge::close);
            }
            dispatcher.transactions(bridge);
            builder.transactionHandler(handler);
            ServerListener listener = listeners.getIfUnique();
            if (listener == null && micrometer) {
                listener = MicrometerSupport.listener(context, dispatcher.handlerNames());
            }
            if (listener != null) {
                builder.listener(listener);
            }
            customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
            return builder;
        };
    }

    /**
     * The built-in answers to tools: the defaults, with the labels, types and keys of the handlers'
     * statements and {@code bolt.server.catalog.*} (or the application's {@link BoltGraphCatalog}), and without
     * the statements a handler maps exactly (the application's answer wins).
     */
    static SystemQueries systemQueries(BoltServerProperties properties, BoltHandlerDispatcher dispatcher,
            BoltGraphCatalog catalog, java.util.function.Supplier<BoltServer> running) {
        SystemQueries system = SystemQueries.defaults(properties.getAgent().substring("Neo4j/".length()),
                properties.getDefaultDatabase(), () -> {
                    if (properties.getAdvertisedAddress() != null) {
                        return properties.getAdvertisedAddress();
                    }
                    BoltServer server = running.get();
                    return server == null ? properties.getAddress() + ":" + properties.getPort()
                            : server.localAddress().getHostString() + ":" + server.port();
                });
        if (catalog != null) {
            system = system.withCatalog(catalog::catalog);
        } else {
            BoltServerProperties.Catalog declared = properties.getCatalog();
            StatementCatalog handlers = declared.isFromHandlers() ? dispatcher.statementCatalog()
                    : new StatementCatalog(java.util.List.of());
            SystemQueries.Catalog fixed = new SystemQueries.Catalog(
                    StatementCatalog.merge(handlers.labels, declared.getLabels()),
                    StatementCatalog.merge(handlers.relationshipTypes, declared.getRelationshipTypes()),
                    StatementCatalog.merge(handlers.propertyKeys, declared.getPropertyKeys()),
                    declared.getNodeCount(), declared.getRelationshipCount());
            system = system.withCatalog(() -> fixed);
        }
        for (String statement : dispatcher.exactStatements()) {
            system = system.without(statement);
        }
        return system;
    }

    /** Explicit Bolt transactions in the application's Spring transactions (spring-tx is there). */
    private static final class SpringTransactionSupport {

        /** A bridge to the application's transaction manager, or null when it has none. */
        static SpringTransactionHandler bridge(ApplicationContext context, BoltServerProperties.Transactions settings) {
            org.springframework.transaction.PlatformTransactionManager manager;
            String name = settings.getManager();
            if (name != null) {
                if (!context.containsBean(name)) {
                    throw new org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException(
                            "bolt.server.transactions.manager", name, "no bean of that name; transaction managers: "
                                    + java.util.Arrays.toString(context.getBeanNamesForType(
                                            org.springframework.transaction.PlatformTransactionManager.class)));
                }
                manager = context.getBean(name, org.springframework.transaction.PlatformTransactionManager.class);
            } else {
                // the client's manager talks to another Bolt server (often this one, in tests): never by default,
                // and left uncreated (by its declared type), so the client is not built while the server starts
                java.util.Map<String, org.springframework.transaction.PlatformTransactionManager> candidates =
                        new java.util.LinkedHashMap<>();
                for (String candidate : context.getBeanNamesForType(
                        org.springframework.transaction.PlatformTransactionManager.class)) {
                    Class<?> type = context.getType(candidate, false);
                    if (type == null || !io.asyncbolt.spring.boot.client.BoltTransactionManager.class.isAssignableFrom(type)) {
                        candidates.put(candidate, context.getBean(candidate,
                                org.springframework.transaction.PlatformTransactionManager.class));
                    }
                }
                candidates.values().removeIf(m -> m instanceof io.asyncbolt.spring.boot.client.BoltTransactionManager);
                if (candidates.isEmpty()) {
                    return null;
                }
                manager = candidates.size() == 1 ? candidates.values().iterator().next()
                        : context.getBeanProvider(org.springframework.transaction.PlatformTransactionManager.class)
                                .getIfUnique();
                if (manager == null || !candidates.containsValue(manager)) {
                    throw new IllegalStateException("Bolt transactions need one transaction manager, and the application "
                            + "has several: " + candidates.keySet() + "; mark one @Primary or name it in "
                            + "bolt.server.transactions.manager");
                }
                for (var entry : candidates.entrySet()) {
                    if (entry.getValue() == manager) {
                        name = entry.getKey();
                    }
                }
            }
            log.info("Bolt explicit transactions run in Spring transactions of '{}' ({}): COMMIT commits; ROLLBACK, "
                    + "RESET, a transaction timeout and a vanished client roll back; access mode r is read-only", name,
                    manager.getClass().getSimpleName());
            return new SpringTransactionHandler(manager);
        }
    }

    /** Explicit Bolt transactions without a transaction manager, as {@code bolt.server.transactions} says. */
    private static final class TransactionSupport {

        static TransactionHandler withoutManager(BoltServerProperties.Transactions settings) {
            if (settings.getWithoutManager() == BoltServerProperties.WithoutManager.REFUSE_WRITES) {
                log.info("Bolt explicit write transactions are refused: the application has no transaction manager "
                        + "to roll them back (bolt.server.transactions.without-manager=refuse-writes); read transactions "
                        + "and auto-commit queries are served");
                return REFUSE_WRITES;
            }
            log.info("Bolt explicit transactions are acknowledged without a transaction manager: ROLLBACK undoes "
                    + "nothing the handlers did. Add a PlatformTransactionManager (e.g. spring-boot-starter-jdbc) to "
                    + "make them real, or set bolt.server.transactions.without-manager=refuse-writes to refuse writes");
            return TransactionHandler.ACCEPT_ALL;
        }

        private static final TransactionHandler REFUSE_WRITES = new TransactionHandler() {
            @Override
            public java.util.concurrent.CompletionStage<Void> begin(io.asyncbolt.server.Transaction transaction) {
                if (transaction.context().accessMode() == io.asyncbolt.server.AccessMode.WRITE) {
                    throw new io.asyncbolt.server.BoltException("Neo.ClientError.Statement.AccessMode",
                            "Write transactions are refused: this server cannot roll them back (it has no transaction "
                                    + "manager; bolt.server.transactions.without-manager=refuse-writes). Use a read "
                                    + "transaction (executeRead, access mode r) or an auto-commit query.");
                }
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean blocks() {
                return false;
            }
        };
    }

    /** Resolved when the server starts, so the registries of any auto-configuration are there. */
    private static final class MicrometerSupport {
        static ServerListener listener(ApplicationContext context, java.util.List<String> handlers) {
            MeterRegistry meters = context.getBeanProvider(MeterRegistry.class).getIfUnique();
            if (meters == null) {
                return null;
            }
            BoltServerMetrics metrics = new BoltServerMetrics(meters, context.getBeanProvider(ObservationRegistry.class)
                    .getIfAvailable(() -> ObservationRegistry.NOOP),
                    context.getBeanProvider(BoltServerRequestObservationConvention.class).getIfUnique());
            metrics.registerHandlers(handlers);
            return metrics;
        }
    }
}
