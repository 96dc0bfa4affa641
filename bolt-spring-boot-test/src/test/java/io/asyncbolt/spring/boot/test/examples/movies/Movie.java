package io.asyncbolt.spring.boot.test.examples.movies;

import org.springframework.data.neo4j.core.schema.Id;
import org.springframework.data.neo4j.core.schema.Node;

/** A movie node; its title is its id. */
@Node("Movie")
public record Movie(@Id String title, Integer released, String tagline) {
}
