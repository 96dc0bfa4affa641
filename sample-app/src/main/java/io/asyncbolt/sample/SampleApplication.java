package io.asyncbolt.sample;

import io.asyncbolt.protocol.BoltVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The asyncbolt sample application. For now it only reports the Bolt versions the library speaks;
 * the Bolt server with {@code @BoltHandler} beans arrives with the Spring Boot starter.
 */
@SpringBootApplication
public class SampleApplication {

    private static final Logger log = LoggerFactory.getLogger(SampleApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    @Bean
    CommandLineRunner reportVersions() {
        return args -> log.info("asyncbolt speaks Bolt {}", BoltVersion.ALL);
    }
}
