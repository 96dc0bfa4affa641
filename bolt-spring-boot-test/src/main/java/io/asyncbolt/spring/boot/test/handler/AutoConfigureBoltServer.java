package io.asyncbolt.spring.boot.test.handler;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * The auto-configurations of {@link BoltHandlerTest}: the Bolt server (on {@code 127.0.0.1}, port 0 unless
 * {@link #port()} says otherwise) and an asyncbolt client pointing at it. Usable on its own, e.g. with
 * {@code @SpringBootTest} to get a client of the application's own server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("bolt.server")
public @interface AutoConfigureBoltServer {

    /** The server's port; 0 for an ephemeral one. */
    int port() default 0;

    /** The address the server binds. */
    String address() default "127.0.0.1";
}
