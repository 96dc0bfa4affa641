package io.asyncbolt.sample;

/** A book of the sample catalogue; its components become the columns of a result. */
public record Book(String isbn, String title, String author, int year) {
}
