package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

/** A stub with TLS: {@code bolt+ssc://} against a self-signed certificate. */
class TlsStubTest {

    @Test
    void aDriverTrustingAnyCertificateTalksToTheStubOverTls() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        SslContext tls = SslContextBuilder.forServer(cert.toKeyManagerFactory()).build();
        try (BoltStub stub = BoltStub.script().tls(tls, true)
                .expectRun("RETURN 'secret' AS s").returns("s").row("secret")
                .start();
             Driver driver = GraphDatabase.driver(URI.create("bolt+ssc://127.0.0.1:" + stub.port()), AuthTokens.none(),
                     Drivers.config().build());
             Session session = driver.session()) {
            assertThat(session.run("RETURN 'secret' AS s").single().get("s").asString()).isEqualTo("secret");
            assertThat(driver.isEncrypted()).isTrue();
            stub.verify();
        }
    }
}
