package io.asyncbolt.spring.boot.test.examples.movies;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the movie tests do with the repository, once against Neo4j (recording) and then against the stub
 * (replay): a derived finder by id, a derived finder with an order, a {@code @Query}, a save, and reads
 * that see the save.
 */
final class MovieScenario {

    /** Put in Neo4j before recording (not part of the recorded conversation). */
    static final String SEED = """
            CREATE (:Movie {title: 'The Matrix', released: 1999, tagline: 'Welcome to the Real World'}),
                   (:Movie {title: 'Metropolis', released: 1927, tagline: 'The city of the future'}),
                   (:Movie {title: 'Nosferatu', released: 1922, tagline: 'A symphony of horror'}),
                   (:Movie {title: 'Alien', released: 1979, tagline: 'In space no one can hear you scream'})
            """;

    private MovieScenario() {
    }

    static void run(MovieRepository movies) {
        assertThat(movies.findOneByTitle("The Matrix"))
                .contains(new Movie("The Matrix", 1999, "Welcome to the Real World"));
        assertThat(movies.findOneByTitle("Solaris")).isEmpty();

        assertThat(movies.findByReleasedLessThanOrderByReleasedAsc(1950)).extracting(Movie::title)
                .containsExactly("Nosferatu", "Metropolis");

        assertThat(movies.countReleasedBetween(1970, 2000)).isEqualTo(2);

        Movie saved = movies.save(new Movie("Solaris", 1972, "A planet that thinks"));
        assertThat(saved).isEqualTo(new Movie("Solaris", 1972, "A planet that thinks"));

        assertThat(movies.findOneByTitle("Solaris")).contains(saved);
        assertThat(movies.countReleasedBetween(1970, 2000)).isEqualTo(3);
    }
}
