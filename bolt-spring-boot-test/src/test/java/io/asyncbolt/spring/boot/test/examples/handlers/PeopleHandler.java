package io.asyncbolt.spring.boot.test.examples.handlers;

import io.asyncbolt.spring.boot.server.BoltHandler;
import io.asyncbolt.spring.boot.server.BoltQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** People by name; an age that is not a number is the advice's business. */
@BoltHandler
public class PeopleHandler {

    private final Map<String, Person> people = Map.of("Ada", new Person("Ada", 36), "Grace", new Person("Grace", 45));

    @BoltQuery("MATCH (p:Person {name: $name}) RETURN p")
    public Optional<Person> person(String name) {
        return Optional.ofNullable(people.get(name));
    }

    @BoltQuery(procedure = "people.olderThan")
    public List<Person> olderThan(String age) {
        long years = Long.parseLong(age);   // NumberFormatException for the advice
        return people.values().stream().filter(p -> p.age() > years).sorted((a, b) -> a.name().compareTo(b.name()))
                .toList();
    }
}
