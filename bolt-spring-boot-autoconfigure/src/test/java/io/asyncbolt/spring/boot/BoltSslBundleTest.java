package io.asyncbolt.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncbolt.spring.boot.client.BoltClientAutoConfiguration;
import io.asyncbolt.spring.boot.client.BoltTemplate;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import io.asyncbolt.spring.boot.server.BoltServerAutoConfiguration;
import io.asyncbolt.spring.boot.server.BoltServerLifecycle;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.File;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** TLS for the Bolt server and client from Spring Boot SSL bundles (PEM files). */
class BoltSslBundleTest {

    private static File certificate;
    private static File privateKey;

    @BoltHandler
    static class Secure {
        @BoltQuery("RETURN 'secret' AS word")
        String word() {
            return "secret";
        }
    }

    @BeforeAll
    static void certificates() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        certificate = cert.toTempCertChainPem();
        privateKey = cert.toTempPrivateKeyPem();
        certificate.deleteOnExit();
        privateKey.deleteOnExit();
    }

    @Test
    void serverAndClientUseTheirBundles() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, BoltServerAutoConfiguration.class))
                .withUserConfiguration(Secure.class)
                .withPropertyValues("bolt.server.port=0", "bolt.server.ssl.bundle=bolt", "bolt.server.ssl.required=true",
                        "spring.ssl.bundle.pem.bolt.keystore.certificate=file:" + certificate.getAbsolutePath(),
                        "spring.ssl.bundle.pem.bolt.keystore.private-key=file:" + privateKey.getAbsolutePath())
                .run(server -> {
                    int port = server.getBean(BoltServerLifecycle.class).getServer().port();
                    try (Driver plain = GraphDatabase.driver("bolt://localhost:" + port, AuthTokens.none(),
                            Config.builder().withoutEncryption().build())) {
                        assertThatThrownBy(plain::verifyConnectivity)
                                .isInstanceOf(org.neo4j.driver.exceptions.ServiceUnavailableException.class);
                    }
                    new ApplicationContextRunner()
                            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class,
                                    BoltClientAutoConfiguration.class))
                            .withPropertyValues("bolt.client.uri=bolt+s://localhost:" + port,
                                    "bolt.client.ssl-bundle=trusted",
                                    "spring.ssl.bundle.pem.trusted.truststore.certificate=file:"
                                            + certificate.getAbsolutePath())
                            .run(client -> assertThat(client.getBean(BoltTemplate.class)
                                    .query("RETURN 'secret' AS word").fetchAs(String.class).single()).isEqualTo("secret"));
                });
    }
}
