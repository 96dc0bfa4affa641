package io.asyncbolt.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The asyncbolt sample: a Spring Boot application that serves a small library catalogue over Bolt, so
 * any Neo4j driver, cypher-shell or Neo4j Browser can query it at {@code bolt://localhost:7687}.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
