package io.asyncbolt.spring.boot.test.examples.handlers;

/** A person; its components are the columns of a result. */
public record Person(String name, long age) {
}
