package io.asyncbolt.sample;

import io.asyncbolt.server.QueryResult;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import io.asyncbolt.value.Node;
import io.asyncbolt.value.Path;
import io.asyncbolt.value.Relationship;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Real graph values, so Neo4j Browser and other tools draw the catalogue as a graph:
 * <pre>
 * MATCH (a:Author)-[w:WROTE]-&gt;(b:Book) RETURN a, w, b
 * MATCH p = (:Author)-[:WROTE]-&gt;(:Book) RETURN p
 * </pre>
 */
@BoltHandler
public class AuthorsHandler {

    private final CatalogueHandler catalogue;

    public AuthorsHandler(CatalogueHandler catalogue) {
        this.catalogue = catalogue;
    }

    @BoltQuery("MATCH (a:Author)-[w:WROTE]->(b:Book) RETURN a, w, b")
    public QueryResult authorsAndBooks() {
        List<List<?>> rows = new ArrayList<>();
        for (Path path : paths()) {
            rows.add(List.of(path.nodes().get(0), path.relationships().get(0), path.nodes().get(1)));
        }
        return QueryResult.of(List.of("a", "w", "b"), rows);
    }

    @BoltQuery(value = "MATCH p = (:Author)-[:WROTE]->(:Book) RETURN p", columns = "p")
    public List<Path> wrotePaths() {
        return paths();
    }

    private List<Path> paths() {
        List<Path> paths = new ArrayList<>();
        long id = 0;
        for (Book book : catalogue.all().toList()) {
            long authorId = ++id;
            long bookId = ++id;
            long wroteId = ++id;
            Node author = new Node(authorId, "4:catalogue:" + authorId, List.of("Author"), Map.of("name", book.author()));
            Node written = new Node(bookId, "4:catalogue:" + bookId, List.of("Book"),
                    Map.of("isbn", book.isbn(), "title", book.title(), "year", (long) book.year()));
            Relationship wrote = new Relationship(wroteId, "5:catalogue:" + wroteId, authorId, author.elementId(),
                    bookId, written.elementId(), "WROTE", Map.of("year", (long) book.year()));
            paths.add(new Path(List.of(author, written), List.of(wrote)));
        }
        return paths;
    }
}
