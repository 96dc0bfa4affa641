package io.asyncbolt.spring.boot.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.proxy.ProxyAuditListener;
import io.asyncbolt.proxy.ProxyPolicy;
import io.asyncbolt.server.AuthToken;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.BoltServer;
import io.asyncbolt.server.BoltUser;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RequestContext;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration;
import io.asyncbolt.spring.boot.server.BoltServerLifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.TransientException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code bolt.proxy.*} turns the application into a Bolt gateway: the official driver through it to an
 * asyncbolt Bolt server upstream that answers every query with who asked, as whom and in which mode.
 */
class BoltProxyAutoConfigurationTest {

    private static BoltServer upstream;
    private static BoltServer tlsUpstream;
    private static File certificate;
    private static final BlockingQueue<String> upstreamLogins = new LinkedBlockingQueue<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class, BoltProxyAutoConfiguration.class))
            .withPropertyValues("bolt.proxy.enabled=true", "bolt.proxy.uri=bolt://127.0.0.1:" + upstream.port(),
                    "bolt.proxy.auth.username=gateway", "bolt.proxy.auth.password=gateway-pw", "bolt.server.port=0",
                    "bolt.server.authentication.users[0].name=ann",
                    "bolt.server.authentication.users[0].password={noop}ann-pw",
                    "bolt.server.authentication.users[1].name=rita",
                    "bolt.server.authentication.users[1].password={noop}rita-pw",
                    "bolt.server.authentication.users[1].roles=analyst");

    @BeforeAll
    static void startUpstream() throws Exception {
        upstream = upstreamBuilder().start();
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        certificate = cert.toTempCertChainPem();
        certificate.deleteOnExit();
        tlsUpstream = upstreamBuilder().tls(SslContextBuilder.forServer(cert.getKeyPair().getPrivate(),
                cert.getCertificatePath()).build(), true).start();
    }

    /** Accepts the gateway and ann's upstream password; answers who ran the query, as whom, in which mode. */
    private static BoltServer.Builder upstreamBuilder() {
        return BoltServer.builder().port(0)
                .authenticator(UpstreamFixture::authenticate)
                .queryHandler(UpstreamFixture::answer);
    }

    @AfterAll
    static void stopUpstream() {
        upstream.close();
        tlsUpstream.close();
    }

    @BeforeEach
    void forget() {
        upstreamLogins.clear();
    }

    /** The upstream's behaviour. */
    static final class UpstreamFixture {
        static BoltUser authenticate(AuthToken token) {
            String user = token.principal();
            boolean known = "gateway".equals(user) && "gateway-pw".equals(token.credentials())
                    || "ann".equals(user) && "ann-upstream-pw".equals(token.credentials());
            if (!known) {
                throw new BoltException(StatusCodes.UNAUTHORIZED, "unknown upstream user");
            }
            upstreamLogins.add(user);
            return new BoltUser(user);
        }

        static CompletableFuture<QueryResult> answer(Query query) {
            RequestContext context = query.context();
            if (query.statement().startsWith("UNWIND")) {
                return CompletableFuture.completedFuture(QueryResult.of(List.of("i"),
                        LongStream.rangeClosed(1, 1_000_000).mapToObj(i -> (List<?>) List.of(i)).iterator()));
            }
            return CompletableFuture.completedFuture(QueryResult.of(List.of("user", "as", "mode"),
                    List.of(Arrays.asList(context.principal().getName(), context.impersonatedUser(),
                            context.accessMode().name()))));
        }
    }

    private static Driver driver(ConfigurableApplicationContext context, String user, String password) {
        int port = context.getBean(BoltProxyLifecycle.class).getProxy().port();
        assertThat(context.getEnvironment().getProperty("local.bolt.server.port", Integer.class)).isEqualTo(port);
        return GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic(user, password));
    }

    private static Record who(Driver driver) {
        try (Session session = driver.session()) {
            return session.run("RETURN 'who' AS q").single();
        }
    }

    @Test
    void serviceAccountGatewayRunsEachUsersWorkImpersonatingThem() {
        runner.withPropertyValues("bolt.proxy.read-only-roles=analyst").run(context -> {
            try (Driver ann = driver(context, "ann", "ann-pw"); Driver rita = driver(context, "rita", "rita-pw")) {
                Record asAnn = who(ann);
                assertThat(asAnn.get("user").asString()).isEqualTo("gateway");
                assertThat(asAnn.get("as").asString()).isEqualTo("ann");
                assertThat(asAnn.get("mode").asString()).isEqualTo("WRITE");
                try (Session session = rita.session()) {
                    Record asRita = session.executeWrite(tx -> tx.run("RETURN 'who' AS q").single());
                    assertThat(asRita.get("as").asString()).isEqualTo("rita");
                    assertThat(asRita.get("mode").asString()).as("a read-only role").isEqualTo("READ");
                }
            }
            try (Driver wrong = driver(context, "ann", "not-her-password")) {
                assertThatThrownBy(wrong::verifyConnectivity).isInstanceOf(AuthenticationException.class);
            }
        });
    }

    @Test
    void withoutImpersonationTheWorkRunsAsTheServiceAccountAndReadOnlyUsersAreNamed() {
        runner.withPropertyValues("bolt.proxy.auth.impersonate=false", "bolt.proxy.read-only-users=ann").run(context -> {
            try (Driver ann = driver(context, "ann", "ann-pw")) {
                Record asAnn = who(ann);
                assertThat(asAnn.get("as").isNull()).isTrue();
                assertThat(asAnn.get("mode").asString()).isEqualTo("READ");
            }
        });
    }

    @Test
    void springSecurityUsersAuthenticateDownstreamAndTheirRoleAuthoritiesMakeThemReadOnly() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BoltProxyAutoConfiguration.class))
                .withPropertyValues("bolt.proxy.enabled=true", "bolt.proxy.uri=bolt://127.0.0.1:" + upstream.port(),
                        "bolt.proxy.auth.username=gateway", "bolt.proxy.auth.password=gateway-pw",
                        "bolt.proxy.read-only-roles=analyst", "bolt.server.port=0")
                .withBean(org.springframework.security.authentication.AuthenticationManager.class, () -> request -> {
                    if (!"sam-pw".equals(request.getCredentials())) {
                        throw new org.springframework.security.authentication.BadCredentialsException("no");
                    }
                    return org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                            request.getName(), null,
                            List.of(new org.springframework.security.core.authority.SimpleGrantedAuthority("ROLE_analyst")));
                })
                .run(context -> {
                    try (Driver sam = driver(context, "sam", "sam-pw")) {
                        Record asSam = who(sam);
                        assertThat(asSam.get("as").asString()).isEqualTo("sam");
                        assertThat(asSam.get("mode").asString()).isEqualTo("READ");
                    }
                    try (Driver wrong = driver(context, "sam", "guess")) {
                        assertThatThrownBy(wrong::verifyConnectivity).isInstanceOf(AuthenticationException.class);
                    }
                });
    }

    @Test
    void passThroughSendsEachCallersOwnCredentialsUpstream() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BoltProxyAutoConfiguration.class))
                .withPropertyValues("bolt.proxy.enabled=true", "bolt.proxy.uri=bolt://127.0.0.1:" + upstream.port(),
                        "bolt.proxy.auth.mode=pass-through", "bolt.server.port=0")
                .run(context -> {
                    try (Driver ann = driver(context, "ann", "ann-upstream-pw")) {
                        Record asAnn = who(ann);
                        assertThat(asAnn.get("user").asString()).isEqualTo("ann");
                        assertThat(asAnn.get("as").isNull()).isTrue();
                    }
                    assertThat(upstreamLogins).contains("ann").doesNotContain("gateway");
                    try (Driver wrong = driver(context, "ann", "ann-pw")) {
                        assertThatThrownBy(wrong::verifyConnectivity).isInstanceOf(AuthenticationException.class);
                    }
                });
    }

    @Test
    void upstreamTlsComesFromAnSslBundle() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, BoltProxyAutoConfiguration.class))
                .withPropertyValues("bolt.proxy.enabled=true", "bolt.proxy.uri=bolt+s://localhost:" + tlsUpstream.port(),
                        "bolt.proxy.ssl.bundle=upstream", "bolt.proxy.auth.mode=pass-through", "bolt.server.port=0",
                        "spring.ssl.bundle.pem.upstream.truststore.certificate=file:" + certificate.getAbsolutePath())
                .run(context -> {
                    try (Driver ann = driver(context, "ann", "ann-upstream-pw")) {
                        assertThat(who(ann).get("user").asString()).isEqualTo("ann");
                    }
                });
    }

    @Test
    void policyAndAuditBeansArePickedUpAndEveryStatementIsTimedWithoutItsTextOrUser() {
        BlockingQueue<ProxyAuditListener.Event> audited = new LinkedBlockingQueue<>();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        runner.withBean(ProxyPolicy.class, () -> request -> request.statement() != null
                        && request.statement().contains("DELETE")
                        ? ProxyPolicy.Decision.refuse(StatusCodes.FORBIDDEN, "No deleting through the gateway")
                        : ProxyPolicy.Decision.allow())
                .withBean(ProxyAuditListener.class, () -> audited::add)
                .withBean(MeterRegistry.class, () -> meters)
                .run(context -> {
                    try (Driver ann = driver(context, "ann", "ann-pw"); Session session = ann.session()) {
                        assertThatThrownBy(() -> session.run("MATCH (n) DETACH DELETE n").consume())
                                .isInstanceOfSatisfying(Neo4jException.class,
                                        e -> assertThat(e.code()).isEqualTo(StatusCodes.FORBIDDEN));
                        session.run("RETURN 'who' AS q").consume();
                    }
                    ProxyAuditListener.Event refused = audited.poll(10, TimeUnit.SECONDS);
                    assertThat(refused.outcome()).isEqualTo(ProxyAuditListener.Outcome.REFUSED);
                    assertThat(refused.user()).isEqualTo("ann");
                    ProxyAuditListener.Event succeeded = audited.poll(10, TimeUnit.SECONDS);
                    assertThat(succeeded.outcome()).isEqualTo(ProxyAuditListener.Outcome.SUCCEEDED);
                    assertThat(succeeded.records()).isEqualTo(1);

                    Timer ok = meters.get("bolt.proxy.requests").tags("outcome", "SUCCEEDED", "database", "(home)",
                            "mode", "WRITE", "code", "none").timer();
                    assertThat(ok.count()).isEqualTo(1);
                    assertThat(meters.get("bolt.proxy.requests").tags("outcome", "REFUSED", "code", StatusCodes.FORBIDDEN)
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.get("bolt.proxy.records").tag("outcome", "SUCCEEDED").summary().totalAmount())
                            .isEqualTo(1);
                    assertThat(meters.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                            .extracting(io.micrometer.core.instrument.Tag::getKey)
                            .containsExactlyInAnyOrder("database", "mode", "outcome", "code"));
                });
    }

    @Test
    void aUserBeyondMaxConcurrentQueriesGetsATransientErrorTheDriversRetry() {
        runner.withPropertyValues("bolt.proxy.max-concurrent-queries-per-user=1").run(context -> {
            try (Driver ann = driver(context, "ann", "ann-pw");
                    Session first = ann.session(SessionConfig.builder().withFetchSize(10).build());
                    Session second = ann.session(); Driver rita = driver(context, "rita", "rita-pw")) {
                Result open = first.run("UNWIND range(1, 1000000) AS i RETURN i");
                open.next();
                assertThatThrownBy(() -> second.run("RETURN 'who' AS q").consume())
                        .isInstanceOfSatisfying(TransientException.class,
                                e -> assertThat(e.code()).isEqualTo("Neo.TransientError.Request.ResourceExhaustion"));
                assertThat(who(rita).get("as").asString()).as("another user runs on").isEqualTo("rita");
                open.consume();
                assertThat(second.run("RETURN 'who' AS q").single().get("as").asString()).isEqualTo("ann");
            }
        });
    }

    @Test
    void theGatewayTakesThePortOfTheBoltServerWhichBacksOff() {
        runner.withUserConfiguration(Handlers.class).run(context -> {
            assertThat(context).hasSingleBean(BoltProxyLifecycle.class).doesNotHaveBean(BoltServerLifecycle.class);
            try (Driver ann = driver(context, "ann", "ann-pw")) {
                assertThat(who(ann).get("user").asString()).as("answered upstream").isEqualTo("gateway");
            }
        });
        runner.withUserConfiguration(Handlers.class).withPropertyValues("bolt.proxy.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(BoltServerLifecycle.class)
                        .doesNotHaveBean(BoltProxyLifecycle.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BoltServerAutoConfiguration.class, BoltProxyAutoConfiguration.class))
                .withUserConfiguration(Handlers.class).withPropertyValues("bolt.server.port=0")
                .run(context -> assertThat(context).as("off by default").hasSingleBean(BoltServerLifecycle.class)
                        .doesNotHaveBean(BoltProxyLifecycle.class));
    }

    @Test
    void stoppingLetsAnOpenTransactionCommitThenStops() {
        runner.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=30s").run(context -> {
            BoltProxyLifecycle lifecycle = context.getBean(BoltProxyLifecycle.class);
            try (Driver ann = driver(context, "ann", "ann-pw"); Session session = ann.session()) {
                org.neo4j.driver.Transaction tx = session.beginTransaction();
                assertThat(tx.run("RETURN 'who' AS q").single().get("as").asString()).isEqualTo("ann");
                java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
                lifecycle.stop(stopped::countDown);
                assertThat(lifecycle.isRunning()).isFalse();
                tx.commit(); // the open transaction finishes while the gateway drains
                assertThat(stopped.await(30, TimeUnit.SECONDS)).as("stopped once the work was done").isTrue();
            }
        });
    }

    @Test
    void healthIsUpWhileTheGatewayListensAndOutOfServiceOnceStopped() {
        runner.run(context -> {
            BoltProxyHealthIndicator health = context.getBean(BoltProxyHealthIndicator.class);
            try (Driver ann = driver(context, "ann", "ann-pw")) {
                who(ann);
                var up = health.health();
                assertThat(up.getStatus()).isEqualTo(org.springframework.boot.health.contributor.Status.UP);
                assertThat(up.getDetails()).containsEntry("upstreamClients", 1).containsEntry("openTransactions", 0)
                        .containsKey("connections");
            }
            context.getBean(BoltProxyLifecycle.class).stop();
            assertThat(health.health().getStatus())
                    .isEqualTo(org.springframework.boot.health.contributor.Status.OUT_OF_SERVICE);
        });
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).hasSingleBean(BoltProxyLifecycle.class)
                        .doesNotHaveBean(BoltProxyHealthIndicator.class));
    }

    @BoltHandler
    static class Handlers {
        @BoltQuery("RETURN 'who' AS q")
        String local() {
            return "the application itself";
        }
    }

    @Test
    void aServiceAccountGatewayWithoutDownstreamUsersFailsAtStartupSayingWhatToConfigure() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BoltProxyAutoConfiguration.class))
                .withPropertyValues("bolt.proxy.enabled=true", "bolt.proxy.auth.username=gateway",
                        "bolt.proxy.auth.password=pw", "bolt.server.port=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("bolt.server.authentication.users")
                        .hasMessageContaining("bolt.proxy.auth.mode=pass-through"));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BoltProxyAutoConfiguration.class))
                .withPropertyValues("bolt.proxy.enabled=true", "bolt.server.port=0")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("bolt.proxy.auth.password"));
    }

    @Test
    void withoutMicrometerOrSpringSecurityThePassThroughGatewayStillServes() {
        new ApplicationContextRunner()
                .withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.security"))
                .withConfiguration(AutoConfigurations.of(BoltProxyAutoConfiguration.class))
                .withPropertyValues("bolt.proxy.enabled=true", "bolt.proxy.uri=bolt://127.0.0.1:" + upstream.port(),
                        "bolt.proxy.auth.mode=pass-through", "bolt.server.port=0")
                .run(context -> {
                    try (Driver ann = driver(context, "ann", "ann-upstream-pw")) {
                        assertThat(who(ann).get("user").asString()).isEqualTo("ann");
                    }
                });
    }
}
