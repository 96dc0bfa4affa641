package io.asyncbolt.spring.boot;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/** Netty {@link SslContext}s from Spring Boot SSL bundles, for the Bolt server and client. */
public final class BoltSsl {

    private BoltSsl() {
    }

    /** A server context: the bundle's key (and, when it has one, its trust store for client certificates). */
    public static SslContext forServer(SslBundle bundle) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory());
            return options(builder, bundle.getOptions()).build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot build the Bolt server's TLS context from its SSL bundle", e);
        }
    }

    /** A client context that trusts what the bundle trusts and verifies the host name. */
    public static SslContext forClient(SslBundle bundle) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .trustManager(bundle.getManagers().getTrustManagerFactory())
                    .keyManager(bundle.getManagers().getKeyManagerFactory())
                    .endpointIdentificationAlgorithm("HTTPS");
            return options(builder, bundle.getOptions()).build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot build the Bolt client's TLS context from its SSL bundle", e);
        }
    }

    private static SslContextBuilder options(SslContextBuilder builder, SslOptions options) {
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options.getCiphers() != null) {
            builder.ciphers(java.util.List.of(options.getCiphers()));
        }
        return builder;
    }
}
