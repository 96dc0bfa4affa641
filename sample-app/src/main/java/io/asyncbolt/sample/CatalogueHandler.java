package io.asyncbolt.sample;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Answers Cypher statements about the catalogue. Try, with cypher-shell or any driver:
 * <pre>
 * MATCH (b:Book) RETURN b
 * MATCH (b:Book {isbn: $isbn}) RETURN b
 * CALL library.search($text) YIELD title, year
 * MATCH (b:Book) WHERE b.year &lt; 1950 RETURN b
 * CREATE (b:Book {isbn: $isbn, title: $title, author: $author, year: $year})
 * </pre>
 */
@BoltHandler
public class CatalogueHandler {

    private final Map<String, Book> books = new ConcurrentHashMap<>(Map.of(
            "978-0", new Book("978-0", "On Computable Numbers", "Alan Turing", 1936),
            "978-1", new Book("978-1", "Notes on the Analytical Engine", "Ada Lovelace", 1843),
            "978-2", new Book("978-2", "A Mathematical Theory of Communication", "Claude Shannon", 1948)));

    @BoltQuery("MATCH (b:Book) RETURN b")
    public Stream<Book> all() {
        return books.values().stream().sorted((a, b) -> a.isbn().compareTo(b.isbn()));
    }

    @BoltQuery("MATCH (b:Book {isbn: $isbn}) RETURN b")
    public Optional<Book> byIsbn(String isbn) {
        return Optional.ofNullable(books.get(isbn));
    }

    @BoltQuery(procedure = "library.search")
    public List<Book> search(String text) {
        String needle = text.toLowerCase(Locale.ROOT);
        return all().filter(b -> (b.title() + " " + b.author()).toLowerCase(Locale.ROOT).contains(needle)).toList();
    }

    @BoltQuery(pattern = "MATCH \\(b:Book\\) WHERE b\\.year < (?<year>\\d+) RETURN b")
    public Stream<Book> before(int year) {
        return all().filter(b -> b.year() < year);
    }

    @BoltQuery("CREATE (b:Book {isbn: $isbn, title: $title, author: $author, year: $year})")
    public Book create(String isbn, String title, String author, int year) {
        Book book = new Book(isbn, title, author, year);
        if (books.putIfAbsent(isbn, book) != null) {
            throw new BoltException("Neo.ClientError.Schema.ConstraintValidationFailed",
                    "A book with isbn " + isbn + " already exists");
        }
        return book;
    }

    /** The fallback for anything no other method maps: a hint instead of an error. */
    @BoltQuery(fallback = true, columns = "hint")
    public String fallback(String statement) {
        return "This sample does not understand '" + statement + "'; try MATCH (b:Book) RETURN b";
    }
}
