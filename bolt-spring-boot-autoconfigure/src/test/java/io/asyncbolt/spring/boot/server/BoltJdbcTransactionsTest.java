package io.asyncbolt.spring.boot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.Values;
import org.neo4j.driver.exceptions.Neo4jException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bolt transactions against {@code @BoltHandler} beans that write with JDBC to an embedded HSQLDB: each runs
 * in one Spring transaction of the application's {@code DataSourceTransactionManager}, driven by the official
 * driver.
 */
@SpringBootTest(classes = BoltJdbcTransactionsTest.App.class, properties = {"bolt.server.port=0",
        "spring.datasource.url=jdbc:hsqldb:mem:bolt-tx;hsqldb.tx=mvcc", "spring.datasource.username=sa"})
@ExtendWith(OutputCaptureExtension.class)
class BoltJdbcTransactionsTest {

    /** How each Spring transaction that wrote a book ended, by ISBN, as the application hears it. */
    static final Map<String, CompletableFuture<String>> outcomes = new ConcurrentHashMap<>();
    static final AtomicInteger flakyAttempts = new AtomicInteger();

    static CompletableFuture<String> outcome(String isbn) {
        return outcomes.computeIfAbsent(isbn, k -> new CompletableFuture<>());
    }

    @BoltHandler
    static class Books {

        private final JdbcTemplate jdbc;

        Books(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @BoltQuery("CREATE (:Book {isbn: $isbn})")
        void create(String isbn) {
            jdbc.update("INSERT INTO book(isbn) VALUES (?)", isbn);
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        outcome(isbn).complete(status == STATUS_COMMITTED ? "committed" : "rolled back");
                    }
                });
            }
        }

        @BoltQuery("CREATE (:Book {isbn: $isbn}) WITH 1 AS x CALL lock.wait()")
        void createThenFailOnce(String isbn) {
            create(isbn + "-" + flakyAttempts.incrementAndGet());
            if (flakyAttempts.get() == 1) {
                throw new CannotAcquireLockException("deadlock, try again");
            }
        }

        @BoltQuery(value = "MATCH (b:Book) RETURN b.isbn AS isbn", columns = "isbn")
        Stream<String> isbns() {
            return jdbc.queryForStream("SELECT isbn FROM book ORDER BY isbn", (rs, i) -> rs.getString(1));
        }

        @BoltQuery("CALL bolt.transaction()")
        Map<String, Object> transaction() {
            return Map.of("active", TransactionSynchronizationManager.isActualTransactionActive(),
                    "readOnly", TransactionSynchronizationManager.isCurrentTransactionReadOnly(),
                    "name", String.valueOf(TransactionSynchronizationManager.getCurrentTransactionName()));
        }

        @BoltQuery("BROKEN")
        void broken() {
            throw new io.asyncbolt.server.BoltException("Neo.ClientError.Statement.SemanticError", "no such thing");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(Books.class)
    static class App {
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.springframework.core.env.Environment environment;

    private Driver driver;

    @BeforeEach
    void connect() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS book (isbn VARCHAR(40) PRIMARY KEY)");
        jdbc.execute("DELETE FROM book");
        outcomes.clear();
        driver = GraphDatabase.driver("bolt://127.0.0.1:" + environment.getProperty("local.bolt.server.port"),
                AuthTokens.none(), Config.builder().withoutEncryption().withMaxTransactionRetryTime(5, TimeUnit.SECONDS)
                        .build());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private List<String> rows() {
        return jdbc.queryForList("SELECT isbn FROM book ORDER BY isbn", String.class);
    }

    private static String await(CompletableFuture<String> outcome) throws Exception {
        return outcome.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aCommittedTransactionLeavesBothRows() throws Exception {
        try (Session session = driver.session(); Transaction tx = session.beginTransaction()) {
            tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "1")).consume();
            tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "2")).consume();
            assertThat(rows()).as("not visible outside before COMMIT").isEmpty();
            tx.commit();
        }
        assertThat(await(outcome("1"))).isEqualTo("committed");
        assertThat(rows()).containsExactly("1", "2");
    }

    @Test
    void aRolledBackTransactionLeavesNoRowThoughItSawItsOwnWrites() throws Exception {
        try (Session session = driver.session(); Transaction tx = session.beginTransaction()) {
            tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "1")).consume();
            tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "2")).consume();
            assertThat(tx.run("MATCH (b:Book) RETURN b.isbn AS isbn").list(r -> r.get("isbn").asString()))
                    .as("read lazily from a JDBC cursor inside the transaction").containsExactly("1", "2");
            tx.rollback();
        }
        assertThat(await(outcome("1"))).isEqualTo("rolled back");
        assertThat(await(outcome("2"))).isEqualTo("rolled back");
        assertThat(rows()).isEmpty();
    }

    @Test
    void executeWriteRetriedAfterATransientFailureKeepsOnlyTheSuccessfulAttempt() throws Exception {
        flakyAttempts.set(0);
        try (Session session = driver.session()) {
            session.executeWriteWithoutResult(tx -> tx.run("CREATE (:Book {isbn: $isbn}) WITH 1 AS x CALL lock.wait()",
                    Map.of("isbn", "flaky")).consume());
        }
        assertThat(flakyAttempts).hasValue(2);
        assertThat(await(outcome("flaky-1"))).isEqualTo("rolled back");
        assertThat(await(outcome("flaky-2"))).isEqualTo("committed");
        assertThat(rows()).containsExactly("flaky-2");
    }

    @Test
    void aFailedStatementResetsTheConnectionAndRollsBackWhatTheTransactionWrote() throws Exception {
        try (Session session = driver.session()) {
            Transaction tx = session.beginTransaction();
            tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "1")).consume();
            assertThatThrownBy(() -> tx.run("BROKEN").consume()).isInstanceOf(Neo4jException.class)
                    .hasMessageContaining("no such thing");
            tx.close();
            assertThat(await(outcome("1"))).isEqualTo("rolled back");
            assertThat(session.run("MATCH (b:Book) RETURN b.isbn AS isbn").list()).isEmpty();
        }
        assertThat(rows()).isEmpty();
    }

    @Test
    void aTransactionPastItsTimeoutIsRolledBackAndTheClientToldSo() throws Exception {
        try (Session session = driver.session()) {
            Transaction tx = session.beginTransaction(TransactionConfig.builder()
                    .withTimeout(Duration.ofMillis(300)).build());
            tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "late")).consume();
            assertThat(await(outcome("late"))).isEqualTo("rolled back");
            assertThatThrownBy(() -> tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "later")).consume())
                    .isInstanceOfSatisfying(Neo4jException.class,
                            e -> assertThat(e.code()).contains("TransactionTimedOut"));
            tx.close();
        }
        assertThat(rows()).isEmpty();
    }

    @Test
    void aClientThatGoesAwayMidTransactionLeavesNoRow() throws Exception {
        Driver leaving = GraphDatabase.driver("bolt://127.0.0.1:" + environment.getProperty("local.bolt.server.port"),
                AuthTokens.none(), Config.builder().withoutEncryption().build());
        Session session = leaving.session();
        Transaction tx = session.beginTransaction();
        tx.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "gone")).consume();
        leaving.close();
        assertThat(await(outcome("gone"))).isEqualTo("rolled back");
        assertThat(rows()).isEmpty();
    }

    @Test
    void aReadTransactionIsReadOnlyAndRefusesWrites() {
        try (Session session = driver.session()) {
            Map<String, Object> read = session.executeRead(tx -> tx.run("CALL bolt.transaction()").single().asMap());
            assertThat(read).containsEntry("active", true).containsEntry("readOnly", true);
            assertThat((String) read.get("name")).startsWith("bolt-tx-");
            Map<String, Object> write = session.executeWrite(tx -> tx.run("CALL bolt.transaction()").single().asMap());
            assertThat(write).containsEntry("active", true).containsEntry("readOnly", false);
            assertThatThrownBy(() -> session.executeRead(tx -> tx.run("CREATE (:Book {isbn: $isbn})",
                    Values.parameters("isbn", "ro")).consume()))
                    .isInstanceOfSatisfying(Neo4jException.class,
                            e -> assertThat(e.code()).isEqualTo("Neo.ClientError.Statement.AccessMode"));
        }
        assertThat(rows()).isEmpty();
    }

    @Test
    void autoCommitQueriesAreNotInABoltTransaction() {
        try (Session session = driver.session()) {
            assertThat(session.run("CALL bolt.transaction()").single().get("active").asBoolean()).isFalse();
            session.run("CREATE (:Book {isbn: $isbn})", Map.of("isbn", "auto")).consume();
        }
        assertThat(rows()).containsExactly("auto");
    }

    @Test
    void startUpSaysHowExplicitTransactionsAreHandled(CapturedOutput output) {
        // the context of this class started before the capture: start another with the same beans
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(
                        org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration.class,
                        org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration.class,
                        org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration.class,
                        BoltServerAutoConfiguration.class))
                .withUserConfiguration(Books.class)
                .withPropertyValues("bolt.server.port=0", "spring.datasource.url=jdbc:hsqldb:mem:bolt-tx-log")
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(output).contains("Bolt explicit transactions run in Spring transactions of 'transactionManager'");
    }
}
