package io.asyncbolt.spring.boot.test.examples.people;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.spring.boot.client.BoltConnectionDetails;
import io.asyncbolt.spring.boot.test.stub.AutoConfigureBoltStub;
import io.asyncbolt.test.BoltStub;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The asyncbolt client (BoltTemplate, {@code @Transactional}) pointed at the stub by its BoltConnectionDetails. */
@SpringBootTest(properties = "bolt.client.uri=bolt://127.0.0.1:1")   // replaced by the stub's details
@AutoConfigureBoltStub(script = "scripts/people.bolt")
class PeopleDirectoryStubTest {

    @Autowired
    PeopleDirectory people;

    @Autowired
    BoltConnectionDetails details;

    @Autowired
    BoltStub stub;

    @Test
    void theTemplateAndATransactionRunAgainstTheStub() {
        assertThat(people.olderThan(30)).containsExactly("Ada", "Grace");
        assertThat(people.add("Alan", 41)).isEqualTo(3);
    }

    @Test
    void theConnectionDetailsAreTheStubs() {
        assertThat(details.uri()).isEqualTo(stub.uri().toString()).startsWith("bolt://127.0.0.1:");
        assertThat(details.authToken()).isEqualTo(AuthToken.none());
        assertThat(people.olderThan(30)).hasSize(2);
        assertThat(people.add("Alan", 41)).isEqualTo(3);
    }
}
