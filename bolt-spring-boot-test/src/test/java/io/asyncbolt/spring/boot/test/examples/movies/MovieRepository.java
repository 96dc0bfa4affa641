package io.asyncbolt.spring.boot.test.examples.movies;

import java.util.List;
import java.util.Optional;
import org.springframework.data.neo4j.repository.Neo4jRepository;
import org.springframework.data.neo4j.repository.query.Query;

/** Derived finders, a {@code @Query}, and {@code save} from {@code Neo4jRepository}. */
public interface MovieRepository extends Neo4jRepository<Movie, String> {

    Optional<Movie> findOneByTitle(String title);

    List<Movie> findByReleasedLessThanOrderByReleasedAsc(int year);

    @Query("MATCH (m:Movie) WHERE m.released >= $from AND m.released < $to RETURN count(m)")
    long countReleasedBetween(int from, int to);
}
