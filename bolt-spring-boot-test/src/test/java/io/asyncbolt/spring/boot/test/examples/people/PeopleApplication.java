package io.asyncbolt.spring.boot.test.examples.people;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application on the asyncbolt client ({@code BoltTemplate}, {@code @Transactional} over Bolt). Spring Data
 * Neo4j is on this module's test class path for the movie tests; an asyncbolt application would not have it.
 */
@SpringBootApplication(excludeName = {"org.springframework.boot.neo4j.autoconfigure.Neo4jAutoConfiguration",
        "org.springframework.boot.data.neo4j.autoconfigure.DataNeo4jAutoConfiguration",
        "org.springframework.boot.data.neo4j.autoconfigure.DataNeo4jReactiveAutoConfiguration",
        "org.springframework.boot.data.neo4j.autoconfigure.DataNeo4jRepositoriesAutoConfiguration",
        "org.springframework.boot.data.neo4j.autoconfigure.DataNeo4jReactiveRepositoriesAutoConfiguration"})
public class PeopleApplication {
}
