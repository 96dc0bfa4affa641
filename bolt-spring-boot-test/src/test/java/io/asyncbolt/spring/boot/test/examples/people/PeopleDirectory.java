package io.asyncbolt.spring.boot.test.examples.people;

import io.asyncbolt.spring.boot.client.BoltTemplate;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The code under test: queries through the asyncbolt {@link BoltTemplate}. */
@Service
public class PeopleDirectory {

    private final BoltTemplate template;

    public PeopleDirectory(BoltTemplate template) {
        this.template = template;
    }

    public List<String> olderThan(int age) {
        return template.query("MATCH (p:Person) WHERE p.age > $age RETURN p.name AS name ORDER BY name")
                .param("age", age).fetchAs(String.class).list();
    }

    /** Adds a person and returns how many there are now, in one transaction. */
    @Transactional
    public long add(String name, int age) {
        template.query("CREATE (:Person {name: $name, age: $age})").param("name", name).param("age", age).run();
        return template.query("MATCH (p:Person) RETURN count(p) AS n").fetchAs(Long.class).single();
    }
}
