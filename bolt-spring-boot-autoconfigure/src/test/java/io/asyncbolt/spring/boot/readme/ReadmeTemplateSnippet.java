package io.asyncbolt.spring.boot.readme;

import io.asyncbolt.spring.boot.client.BoltTemplate;
import java.util.List;
import java.util.Map;

/** README's {@code BoltTemplate} snippet (Spring Boot section), checked by {@link ReadmeSnippetsTest}. */
final class ReadmeTemplateSnippet {

    private ReadmeTemplateSnippet() {
    }

    record Book(String isbn, String title, int year) {
    }

    static void template(BoltTemplate template) {
        List<Book> books = template.query("MATCH (b:Book) WHERE b.year < $year RETURN b")
                .param("year", 1950).fetchAs(Book.class).list();          // also single(), optional(), stream()
        Map<String, Object> counters = template.query("CREATE (:Book {isbn: $isbn})").param("isbn", "978-9").run()
                .counters();                                               // {nodes-created=1, ...}
        System.out.println(books + " " + counters);
    }
}
