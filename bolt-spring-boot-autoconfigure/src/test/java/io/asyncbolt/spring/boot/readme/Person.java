package io.asyncbolt.spring.boot.readme;

/** README's {@code Person} (its handler snippet). */
record Person(String name, int age) {
}
