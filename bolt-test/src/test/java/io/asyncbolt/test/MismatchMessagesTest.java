package io.asyncbolt.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.ClientException;

/** What a test's author reads when the client does not follow the script. */
class MismatchMessagesTest {

    @Test
    void aWrongStatementFailsTheQueryWithADiffPointingAtTheFirstDifference() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("MATCH (p:Person {name: $name}) RETURN p.age AS age").returns("age").row(36)
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            ClientException error = catchThrowableOfType(ClientException.class,
                    () -> session.run("MATCH (p:Person) WHERE p.name = $name RETURN p.age AS age",
                            Map.of("name", "Ada")).list());

            assertThat(error.code()).isEqualTo("Neo.ClientError.Request.Invalid");
            assertThat(lines(error)).contains("""
                      received RUN "MATCH (p:Person) WHERE p.name = $name RETURN p.age AS age" {"name": "Ada"} {"mode": "w"}
                      expected RUN "MATCH (p:Person {name: $name}) RETURN p.age AS age"   (MismatchMessagesTest.java:N)
                        statement:
                          expected "MATCH (p:Person {name: $name}) RETURN p.age AS age"
                          received "MATCH (p:Person) WHERE p.name = $name RETURN p.age AS age"
                                                   ^ first difference at character 16 (white space collapsed)
                    """);
            AssertionError verified = catchThrowableOfType(AssertionError.class, stub::verify);
            assertThat(lines(verified))
                    .startsWith("Bolt stub: message #1 on bolt-N does not follow the script\n")
                    .contains("^ first difference at character 16")
                    .contains("""
                            Received (1 message(s)):
                              #1 bolt-N: RUN "MATCH (p:Person) WHERE p.name = $name RETURN p.age AS age" {"name": "Ada"} {"mode": "w"}  -> MISMATCH
                            """);
        }
    }

    @Test
    void wrongParametersAreListedKeyByKey() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("CREATE (p:Person {name: $name, age: $age})")
                    .withParameters(Map.of("name", "Ada", "age", 36))
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("CREATE (p:Person {name: $name, age: $age})",
                    Map.of("name", "Ada", "age", 37, "born", 1815)).consume())
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("  parameters: expected ")
                    .hasMessageContaining("    \"age\": expected 36, received 37\n")
                    .hasMessageContaining("    \"born\": not expected, received 1815\n");
            assertThatThrownBy(stub::verify).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("\"age\": expected 36, received 37");
        }
    }

    @Test
    void aMissingBookmarkInBeginIsShownInTheExtras() {
        try (BoltStub stub = BoltStub.script()
                .expectBegin().withBookmarks("bm:1").withDatabase("movies")
                .expectRun("RETURN 1").expectCommit()
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session(SessionConfig.forDatabase("movies"))) {
            assertThatThrownBy(() -> session.executeWrite(tx -> tx.run("RETURN 1").consume()))
                    .isInstanceOf(ClientException.class)
                    .hasMessageContaining("  received BEGIN {\"db\": \"movies\", \"mode\": \"w\"}\n")
                    .hasMessageContaining("  extras: expected {\"bookmarks\": [\"bm:1\"], \"db\": \"movies\"} (at least)")
                    .hasMessageContaining("    \"bookmarks\": expected [\"bm:1\"], received []\n");
        }
    }

    @Test
    void aMessageAfterTheScriptEndedIsReportedAsSuch() {
        try (BoltStub stub = BoltStub.script().expectRun("RETURN 1 AS x").returns("x").row(1).start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            session.run("RETURN 1 AS x").consume();
            assertThatThrownBy(() -> session.run("RETURN 2 AS x").consume())
                    .hasMessageContaining("expected nothing more: the script had ended");
            assertThat(lines(catchThrowableOfType(AssertionError.class, stub::verify))).contains("""
                      #1 bolt-N: RUN "RETURN 1 AS x" {} {"mode": "w"}  -> matched MismatchMessagesTest.java:N
                      #2 bolt-N: RUN "RETURN 2 AS x" {} {"mode": "w", "bookmarks": ["asyncbolt:1"]}  -> MISMATCH
                    """);
        }
    }

    @Test
    void aMismatchFailsTheRestOfTheConversationToo() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("RETURN 1 AS x").returns("x").row(1)
                .expectRun("RETURN 2 AS x").returns("x").row(2)
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            assertThatThrownBy(() -> session.run("RETURN 3 AS x").consume()).isInstanceOf(ClientException.class);
            assertThatThrownBy(() -> session.run("RETURN 1 AS x").consume())
                    .hasMessageStartingWith("The Bolt stub's conversation has already failed; the first mismatch:\n"
                            + "Bolt stub: message #1");
            assertThatThrownBy(stub::verify).hasMessageContaining("1 later message(s) refused as well.");
        }
    }

    @Test
    void expectationsNeverMetAreReportedByVerify() {
        try (BoltStub stub = BoltStub.script()
                .expectRun("RETURN 1 AS x").returns("x").row(1)
                .oneOf(b -> b.expectRun("RETURN 2"), b -> b.expectBegin())
                .start();
             Driver driver = Drivers.connect(stub.uri());
             Session session = driver.session()) {
            session.run("RETURN 1 AS x").consume();

            assertThat(lines(catchThrowableOfType(AssertionError.class, stub::verify))).isEqualTo("""
                    Bolt stub: unmet expectations; the script still expects one of:
                      RUN "RETURN 2"   (MismatchMessagesTest.java:N)
                      BEGIN   (MismatchMessagesTest.java:N)
                    Received (1 message(s)):
                      #1 bolt-N: RUN "RETURN 1 AS x" {} {"mode": "w"}  -> matched MismatchMessagesTest.java:N
                    """);
        }
    }

    @Test
    void aStubNobodyTalkedToFailsVerifyWithWhatItStillExpected() {
        try (BoltStub stub = BoltStub.script().expectRun("RETURN 1").withParameters(Map.of("a", 1)).start()) {
            assertThat(lines(catchThrowableOfType(AssertionError.class, stub::verify))).isEqualTo("""
                    Bolt stub: unmet expectations; the script still expects:
                      RUN "RETURN 1" {"a": 1}   (MismatchMessagesTest.java:N)
                    Received (0 message(s)):
                      nothing
                    """);
        }
    }

    /** The message with the line numbers of this file and the connection ids as {@code N}: the tests need not count lines. */
    private static String lines(Throwable error) {
        return error.getMessage().replaceAll("MismatchMessagesTest\\.java:\\d+", "MismatchMessagesTest.java:N")
                .replaceAll("bolt-\\d+", "bolt-N");
    }
}
