package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.server.BoltServer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When the server starts, and how mapping mistakes are reported. */
class BoltServerAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class))
            .withPropertyValues("bolt.server.port=0");

    @BoltHandler
    static class One {
        @BoltQuery("RETURN 1 AS one")
        long one() {
            return 1;
        }
    }

    @BoltHandler
    static class WhoAmI {
        @BoltQuery("WHO")
        String who() {
            var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext()
                    .getAuthentication();
            return authentication == null ? "nobody" : authentication.getName() + " " + authentication.getAuthorities();
        }
    }

    @BoltHandler
    static class Guarded {
        @BoltQuery("ADMIN ONLY")
        @org.springframework.security.access.prepost.PreAuthorize("hasRole('ADMIN')")
        public String adminOnly() {
            return "granted";
        }
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity
    static class MethodSecurity {
    }

    @BoltHandler
    static class Slow {
        @BoltQuery("SLOW")
        java.util.concurrent.CompletableFuture<String> slow() {
            return new java.util.concurrent.CompletableFuture<>();
        }
    }

    @BoltHandler
    static class AlsoOne {
        @BoltQuery("RETURN  1 AS one;")
        long sameStatement() {
            return 1;
        }
    }

    @BoltHandler
    static class Unclear {
        @BoltQuery(value = "A", procedure = "b")
        long both() {
            return 1;
        }
    }

    @BoltHandler
    static class Orders {
        @BoltQuery(procedure = "shop.orders")
        long orders() {
            return 1;
        }
    }

    @BoltHandler
    static class MoreOrders {
        @BoltQuery(procedure = "shop.orders")
        long moreOrders() {
            return 2;
        }
    }

    @BoltHandler
    static class Echo {
        @BoltQuery(pattern = "ECHO (?<word>\\w+)")
        String echo(String word) {
            return word;
        }
    }

    @BoltHandler
    static class AlsoEcho {
        @BoltQuery(pattern = "ECHO (?<word>\\w+)")
        String alsoEcho(String word) {
            return word;
        }
    }

    @BoltHandler
    static class Fallback {
        @BoltQuery(fallback = true)
        String anything() {
            return "?";
        }
    }

    @BoltHandler
    static class OtherFallback {
        @BoltQuery(fallback = true)
        String otherwise() {
            return "!";
        }
    }

    @Test
    void startsWithAHandlerAndPublishesThePort() {
        runner.withUserConfiguration(One.class).run(context -> {
            assertThat(context).hasSingleBean(BoltServerLifecycle.class);
            BoltServer server = context.getBean(BoltServerLifecycle.class).getServer();
            assertThat(server).isNotNull();
            assertThat(context.getEnvironment().getProperty("local.bolt.server.port", Integer.class))
                    .isEqualTo(server.port());
        });
    }

    @Test
    void doesNotStartWithoutHandlersOrWhenDisabledOrWithoutTheEngine() {
        runner.run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
        runner.withUserConfiguration(One.class).withPropertyValues("bolt.server.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
        runner.withUserConfiguration(One.class).withClassLoader(new FilteredClassLoader(BoltServer.class))
                .run(context -> assertThat(context).doesNotHaveBean(BoltServerLifecycle.class));
    }

    @Test
    void ambiguousMappingsFailAtStartupNamingBothMethods() {
        runner.withUserConfiguration(One.class, AlsoOne.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("One.one()").hasMessageContaining("AlsoOne.sameStatement()"));
        runner.withUserConfiguration(Unclear.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("exactly one"));
        runner.withUserConfiguration(Orders.class, MoreOrders.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("procedure 'shop.orders'")
                .hasMessageContaining("Orders.orders()").hasMessageContaining("MoreOrders.moreOrders()"));
        runner.withUserConfiguration(Echo.class, AlsoEcho.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("Echo.echo()").hasMessageContaining("AlsoEcho.alsoEcho()"));
        runner.withUserConfiguration(Fallback.class, OtherFallback.class).run(context -> assertThat(context).hasFailed()
                .getFailure().rootCause().hasMessageContaining("fallback")
                .hasMessageContaining("Fallback.anything()").hasMessageContaining("OtherFallback.otherwise()"));
    }

    @Test
    void explicitTransactionsReachTheApplicationsTransactionHandler() {
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.asyncbolt.server.TransactionHandler transactions = new io.asyncbolt.server.TransactionHandler() {
            @Override
            public java.util.concurrent.CompletionStage<Void> begin(io.asyncbolt.server.Transaction tx) {
                if ("deny".equals(tx.context().txMetadata().get("app"))) {
                    throw new io.asyncbolt.server.BoltException("Neo.ClientError.Transaction.Forbidden", "no transactions for you");
                }
                events.add("begin");
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public java.util.concurrent.CompletionStage<String> commit(io.asyncbolt.server.Transaction tx) {
                events.add("commit");
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> rollback(io.asyncbolt.server.Transaction tx) {
                events.add("rollback");
                return java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        };
        runner.withUserConfiguration(One.class)
                .withBean(io.asyncbolt.server.TransactionHandler.class, () -> transactions)
                .run(context -> {
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.none(), org.neo4j.driver.Config.builder().withoutEncryption().build());
                            org.neo4j.driver.Session session = driver.session()) {
                        try (org.neo4j.driver.Transaction tx = session.beginTransaction()) {
                            assertThat(tx.run("RETURN 1 AS one").single().get("one").asLong()).isEqualTo(1);
                            tx.commit();
                        }
                        try (org.neo4j.driver.Transaction tx = session.beginTransaction()) {
                            tx.run("RETURN 1 AS one").consume();
                            tx.rollback();
                        }
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
                            try (org.neo4j.driver.Transaction tx = session.beginTransaction(
                                    org.neo4j.driver.TransactionConfig.builder().withMetadata(java.util.Map.of("app", "deny"))
                                            .build())) {
                                tx.run("RETURN 1 AS one").consume();
                            }
                        }).hasMessageContaining("no transactions for you");
                    }
                    assertThat(events).containsExactly("begin", "commit", "begin", "rollback");
                });
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void withoutATransactionManagerExplicitTransactionsAreAcknowledgedAndStartUpSaysSo(
            org.springframework.boot.test.system.CapturedOutput output) {
        runner.withUserConfiguration(One.class).run(context -> {
            try (org.neo4j.driver.Driver driver = driver(context); org.neo4j.driver.Session session = driver.session()) {
                try (org.neo4j.driver.Transaction tx = session.beginTransaction()) {
                    tx.run("RETURN 1 AS one").consume();
                    tx.rollback();
                }
            }
        });
        assertThat(output).contains("Bolt explicit transactions are acknowledged without a transaction manager: "
                + "ROLLBACK undoes nothing").contains("bolt.server.transactions.without-manager=refuse-writes");
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void refuseWritesFailsWriteTransactionsAtBeginAndServesReadOnes(
            org.springframework.boot.test.system.CapturedOutput output) {
        runner.withUserConfiguration(One.class).withPropertyValues("bolt.server.transactions.without-manager=refuse-writes")
                .run(context -> {
                    try (org.neo4j.driver.Driver driver = driver(context);
                            org.neo4j.driver.Session session = driver.session()) {
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.executeWrite(
                                tx -> tx.run("RETURN 1 AS one").single().get("one").asLong()))
                                .isInstanceOfSatisfying(org.neo4j.driver.exceptions.ClientException.class, e -> {
                                    assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.AccessMode");
                                    assertThat(e.getMessage()).contains("cannot roll them back")
                                            .contains("bolt.server.transactions.without-manager=refuse-writes");
                                });
                        assertThat((long) session.executeRead(tx -> tx.run("RETURN 1 AS one").single().get("one").asLong()))
                                .isEqualTo(1);
                        assertThat(session.run("RETURN 1 AS one").single().get("one").asLong()).isEqualTo(1);
                    }
                });
        assertThat(output).contains("Bolt explicit write transactions are refused");
    }

    @Test
    void severalTransactionManagersWithoutAPrimaryStopStartUpNamingTheProperty() {
        runner.withUserConfiguration(One.class)
                .withBean("first", org.springframework.transaction.PlatformTransactionManager.class, NoTransactions::new)
                .withBean("second", org.springframework.transaction.PlatformTransactionManager.class, NoTransactions::new)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("[first, second]").hasMessageContaining("bolt.server.transactions.manager"));
        runner.withUserConfiguration(One.class)
                .withBean("first", org.springframework.transaction.PlatformTransactionManager.class, NoTransactions::new)
                .withBean("second", org.springframework.transaction.PlatformTransactionManager.class, NoTransactions::new)
                .withPropertyValues("bolt.server.transactions.manager=second")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withUserConfiguration(One.class).withPropertyValues("bolt.server.transactions.manager=missing")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("bolt.server.transactions.manager"));
    }

    @Test
    void aClientGoneWhileItsBeginRunsHasItsSpringTransactionRolledBack() {
        java.util.concurrent.CountDownLatch beginning = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Void> release = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> ended = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<String> closed = new java.util.concurrent.CompletableFuture<>();
        NoTransactions manager = new NoTransactions() {
            @Override
            protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
                beginning.countDown();
                release.join();
            }

            @Override
            protected void doCommit(org.springframework.transaction.support.DefaultTransactionStatus status) {
                ended.complete("committed");
            }

            @Override
            protected void doRollback(org.springframework.transaction.support.DefaultTransactionStatus status) {
                ended.complete("rolled back");
            }
        };
        runner.withUserConfiguration(One.class)
                .withBean(org.springframework.transaction.PlatformTransactionManager.class, () -> manager)
                .withBean(io.asyncbolt.server.ServerListener.class, () -> new io.asyncbolt.server.ServerListener() {
                    @Override
                    public void connectionClosed(String connectionId) {
                        closed.complete(connectionId);
                    }
                })
                .run(context -> {
                    org.neo4j.driver.Driver driver = driver(context);
                    driver.session(org.neo4j.driver.async.AsyncSession.class).beginTransactionAsync();
                    assertThat(beginning.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    driver.closeAsync();
                    closed.get(10, java.util.concurrent.TimeUnit.SECONDS);
                    release.complete(null); // BEGIN finishes after its client left
                    assertThat(ended.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("rolled back");
                });
    }

    /** A transaction manager that does nothing, to count managers. */
    static class NoTransactions extends org.springframework.transaction.support.AbstractPlatformTransactionManager {
        @Override
        protected Object doGetTransaction() {
            return new Object();
        }

        @Override
        protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
        }

        @Override
        protected void doCommit(org.springframework.transaction.support.DefaultTransactionStatus status) {
        }

        @Override
        protected void doRollback(org.springframework.transaction.support.DefaultTransactionStatus status) {
        }
    }

    private static org.neo4j.driver.Driver driver(org.springframework.context.ApplicationContext context) {
        int port = context.getBean(BoltServerLifecycle.class).getServer().port();
        return org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port, org.neo4j.driver.AuthTokens.none(),
                org.neo4j.driver.Config.builder().withoutEncryption().build());
    }

    /** How closing the context went while the official driver ran {@code SLOW} on the server. */
    private record CloseUnderLoad(java.util.concurrent.CompletableFuture<Throwable> outcome, long closeMillis,
            java.util.concurrent.atomic.AtomicReference<org.neo4j.driver.Driver> driver) {
    }

    private CloseUnderLoad closeWhileASlowQueryRuns(String... properties) {
        java.util.concurrent.atomic.AtomicReference<org.neo4j.driver.Driver> driver = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        long[] closeMillis = new long[1];
        runner.withUserConfiguration(Slow.class).withPropertyValues(properties)
                .run(context -> {
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    driver.set(org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.none(), org.neo4j.driver.Config.builder().withoutEncryption().build()));
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        try (org.neo4j.driver.Session session = driver.get().session()) {
                            session.run("SLOW").consume();
                            outcome.complete(null);
                        } catch (Throwable e) {
                            outcome.complete(e);
                        }
                    });
                    while (context.getBean(BoltServerLifecycle.class).getServer().activeConnections() == 0) {
                        Thread.sleep(10);
                    }
                    Thread.sleep(200);
                    long start = System.nanoTime();
                    context.close();
                    closeMillis[0] = (System.nanoTime() - start) / 1_000_000;
                });
        return new CloseUnderLoad(outcome, closeMillis[0], driver);
    }

    @Test
    void immediateShutdownDoesNotWaitForRunningWork() throws Exception {
        CloseUnderLoad closed = closeWhileASlowQueryRuns("spring.lifecycle.timeout-per-shutdown-phase=30s",
                "bolt.server.shutdown=immediate");
        assertThat(closed.outcome().get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(org.neo4j.driver.exceptions.TransientException.class);
        assertThat(closed.closeMillis()).as("not the 30 s of the shutdown phase").isLessThan(5_000);
        closed.driver().get().close();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "bolt.server.agent=MyServer/1.0 | bolt.server.agent | must start with Neo4j/",
            "bolt.server.port=70000 | bolt.server.port | must be between 0 and 65535"})
    void aBadPropertyStopsStartupWithAMessageNamingIt(String setting, String property, String reason) {
        runner.withUserConfiguration(One.class).withPropertyValues(setting)
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .isInstanceOf(org.springframework.boot.context.properties.source
                                .InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining(property).hasMessageContaining(reason));
    }

    @Test
    void aPortInUseFailsStartupNamingThePortAndTheProperty() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            runner.withUserConfiguration(One.class).withPropertyValues("bolt.server.port=" + taken.getLocalPort())
                    .run(context -> assertThat(context).hasFailed().getFailure()
                            .hasStackTraceContaining("The Bolt server cannot bind 127.0.0.1:" + taken.getLocalPort())
                            .hasStackTraceContaining("set bolt.server.port to a free port"));
        }
    }

    @Test
    void recordsConnectionAndRequestMetricsWhenAMeterRegistryExists() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
        observations.observationConfig().observationHandler(
                new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(meters));
        runner.withUserConfiguration(One.class).withBean(io.micrometer.core.instrument.MeterRegistry.class, () -> meters)
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                .run(context -> {
                    assertThat(meters.get("bolt.server.requests").tag("handler", "One.one").tag("outcome", "SUCCESS")
                            .timer().count()).as("registered at startup, before any request").isZero();
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.none(), org.neo4j.driver.Config.builder().withoutEncryption().build());
                            org.neo4j.driver.Session session = driver.session()) {
                        session.run("RETURN 1 AS one").consume();
                        org.assertj.core.api.Assertions.assertThatThrownBy(() -> session.run("nope").consume());
                        // the driver may open a second connection while it is still releasing the first
                        assertThat(meters.get("bolt.server.connections.active").gauge().value()).isBetween(1.0, 2.0);
                    }
                    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                    while (meters.get("bolt.server.connections.active").gauge().value() > 0
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(meters.get("bolt.server.connections.active").gauge().value())
                            .as("closed with the driver").isZero();
                    assertThat(meters.get("bolt.server.connections").counter().count()).isGreaterThanOrEqualTo(1);
                    assertThat(meters.get("bolt.server.bytes.received").counter().count()).isPositive();
                    assertThat(meters.get("bolt.server.requests").tag("outcome", "SUCCESS").tag("handler", "One.one")
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.find("bolt.server.requests").timers()).as("one timer per handler and outcome")
                            .hasSize(2);
                    assertThat(meters.get("bolt.server.requests").tag("outcome", "FAILURE")
                            .tag("error.classification", "ClientError").timer().count()).isEqualTo(1);
                    assertThat(meters.get("bolt.server.requests").tag("outcome", "FAILURE").timer().getId()
                            .getTag("error")).as("the failure's exception names the error tag").isNotEqualTo("none")
                            .isNotBlank();
                });
    }

    private static String run(int port, String user, String password, String statement) {
        try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                org.neo4j.driver.AuthTokens.basic(user, password),
                org.neo4j.driver.Config.builder().withoutEncryption().build());
                org.neo4j.driver.Session session = driver.session()) {
            return session.run(statement).single().get(0).asString();
        }
    }

    private static String who(int port, String user, String password) {
        try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                org.neo4j.driver.AuthTokens.basic(user, password),
                org.neo4j.driver.Config.builder().withoutEncryption().build());
                org.neo4j.driver.Session session = driver.session()) {
            return session.run("WHO").single().get(0).asString();
        }
    }

    @Test
    void usersFromPropertiesWithEncodedPasswords() {
        String bcrypt = org.springframework.security.crypto.factory.PasswordEncoderFactories
                .createDelegatingPasswordEncoder().encode("s3cret");
        runner.withUserConfiguration(WhoAmI.class).withPropertyValues(
                "bolt.server.authentication.users[0].name=ada", "bolt.server.authentication.users[0].password=" + bcrypt,
                "bolt.server.authentication.users[1].name=test", "bolt.server.authentication.users[1].password={noop}pw")
                .run(context -> {
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    assertThat(who(port, "ada", "s3cret")).isEqualTo("nobody");
                    assertThat(who(port, "test", "pw")).isEqualTo("nobody");
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> who(port, "ada", "wrong"))
                            .isInstanceOf(org.neo4j.driver.exceptions.AuthenticationException.class);
                });
    }

    @Test
    void springSecurityAuthenticatesAndTheHandlerSeesTheSecurityContext() {
        var users = new org.springframework.security.provisioning.InMemoryUserDetailsManager(
                org.springframework.security.core.userdetails.User.withUsername("alan").password("{noop}enigma")
                        .roles("ANALYST").build(),
                org.springframework.security.core.userdetails.User.withUsername("ada").password("{noop}lovelace")
                        .roles("ADMIN").build());
        var provider = new org.springframework.security.authentication.dao.DaoAuthenticationProvider(users);
        var manager = new org.springframework.security.authentication.ProviderManager(provider);
        runner.withUserConfiguration(WhoAmI.class, Guarded.class, MethodSecurity.class)
                .withBean(org.springframework.security.authentication.AuthenticationManager.class, () -> manager)
                .run(context -> {
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    assertThat(who(port, "alan", "enigma")).startsWith("alan ").contains("ROLE_ANALYST");
                    assertThat(run(port, "ada", "lovelace", "ADMIN ONLY")).isEqualTo("granted");
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(port, "alan", "enigma", "ADMIN ONLY"))
                            .isInstanceOf(org.neo4j.driver.exceptions.ClientException.class)
                            .satisfies(e -> assertThat(((org.neo4j.driver.exceptions.ClientException) e).code())
                                    .isEqualTo("Neo.ClientError.Security.Forbidden"));
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> who(port, "alan", "bombe"))
                            .isInstanceOf(org.neo4j.driver.exceptions.AuthenticationException.class);
                });
    }

    @Test
    void bearerTokensAreCheckedByTheApplicationsJwtDecoder() throws Exception {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256");
        var decoder = org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withSecretKey(key).build();
        var signer = new com.nimbusds.jose.crypto.MACSigner(secret);
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("grace").claim("scope", "read")
                .expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build();
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256), claims);
        jwt.sign(signer);
        String token = jwt.serialize();
        runner.withUserConfiguration(WhoAmI.class)
                .withBean(org.springframework.security.oauth2.jwt.JwtDecoder.class, () -> decoder)
                .run(context -> {
                    int port = context.getBean(BoltServerLifecycle.class).getServer().port();
                    try (org.neo4j.driver.Driver driver = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.bearer(token),
                            org.neo4j.driver.Config.builder().withoutEncryption().build());
                            org.neo4j.driver.Session session = driver.session()) {
                        assertThat(session.run("WHO").single().get(0).asString()).startsWith("grace ").contains("SCOPE_read");
                    }
                    try (org.neo4j.driver.Driver forged = org.neo4j.driver.GraphDatabase.driver("bolt://127.0.0.1:" + port,
                            org.neo4j.driver.AuthTokens.bearer(token.substring(0, token.length() - 4) + "AAAA"),
                            org.neo4j.driver.Config.builder().withoutEncryption().build())) {
                        org.assertj.core.api.Assertions.assertThatThrownBy(forged::verifyConnectivity)
                                .isInstanceOf(org.neo4j.driver.exceptions.AuthenticationException.class);
                    }
                });
    }

    @Test
    void closingTheContextDrainsWithinTheShutdownPhaseTimeout() throws Exception {
        CloseUnderLoad closed = closeWhileASlowQueryRuns("spring.lifecycle.timeout-per-shutdown-phase=300ms");
        assertThat(closed.outcome().get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isInstanceOf(org.neo4j.driver.exceptions.TransientException.class);
        assertThat(closed.closeMillis()).isLessThan(5_000);
        closed.driver().get().close();
    }
}
