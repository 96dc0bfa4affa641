package io.asyncbolt.spring.boot.test.examples.movies;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Data Neo4j application: Boot's Neo4j auto-configuration, the official driver, a repository.
 * (The asyncbolt client is on this module's test class path too; an SDN application would not have it, so
 * its auto-configuration, which would add a second transaction manager, is left out.)
 */
@SpringBootApplication(excludeName = "io.asyncbolt.spring.boot.client.BoltClientAutoConfiguration")
public class MoviesApplication {
}
