package io.asyncbolt.spring.boot.readme;

import io.asyncbolt.server.BoltException;
import io.asyncbolt.spring.boot.server.BoltExceptionHandler;
import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

// README's handler snippet (Spring Boot section) as written there, with bodies for its "...";
// ReadmeSnippetsTest keeps the two in step
@BoltHandler
class PeopleHandler {
    @BoltQuery("MATCH (p:Person {name: $name}) RETURN p")          // exact statement (white space collapsed)
    Optional<Person> person(String name) {
        return name.equals("Ada") ? Optional.of(new Person("Ada", 36)) : Optional.empty();
    }

    @BoltQuery(procedure = "shop.orders")                           // CALL shop.orders($id) YIELD ...
    List<Order> orders(long id) {
        return List.of(new Order(id, 9.5));
    }

    @BoltQuery(pattern = "RETURN '(?<word>\\w+)' AS echo", columns = "echo")
    String echo(String word) {
        return word;
    }                                // named groups bind to parameters

    @BoltQuery(fallback = true, columns = "hint")                   // anything nothing else maps
    String fallback(String statement) {
        return "not understood: " + statement;
    }

    @BoltExceptionHandler                                           // also in global @BoltAdvice beans
    BoltException onMissing(NoSuchElementException e) {
        return new BoltException("Neo.ClientError.Statement.EntityNotFound", e.getMessage());
    }
}
