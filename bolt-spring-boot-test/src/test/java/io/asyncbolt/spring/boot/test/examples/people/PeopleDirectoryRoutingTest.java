package io.asyncbolt.spring.boot.test.examples.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.spring.boot.client.BoltConnectionDetails;
import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import io.asyncbolt.test.BoltStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code routing = true}: the client gets {@code neo4j://}, asks the stub for a routing table, then runs the script. */
@SpringBootTest
@AutoConfigureBoltStub(script = "scripts/people.bolt", routing = true)
class PeopleDirectoryRoutingTest {

    @Autowired
    PeopleDirectory people;

    @Autowired
    BoltConnectionDetails details;

    @Autowired
    BoltStub stub;

    @Test
    void aRoutingClientFollowsTheScript() {
        assertThat(details.uri()).isEqualTo("neo4j://127.0.0.1:" + stub.port());
        assertThat(people.olderThan(30)).containsExactly("Ada", "Grace");
        assertThat(people.add("Alan", 41)).isEqualTo(3);
    }
}
