package io.asyncbolt.spring.boot.readme;

/** README's {@code Order} (its handler snippet). */
record Order(long id, double total) {
}
