package io.asyncbolt.spring.boot.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Value;

/** Injects the port the Bolt server bound ({@code local.bolt.server.port}), e.g. in tests with port 0. */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("${local.bolt.server.port}")
public @interface LocalBoltServerPort {
}
