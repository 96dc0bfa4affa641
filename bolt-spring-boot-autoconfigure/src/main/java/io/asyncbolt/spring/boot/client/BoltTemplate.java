package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.BoltClientException;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.ResultSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.springframework.core.convert.ConversionService;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.dao.UncategorizedDataAccessException;

/**
 * A blocking, fluent way to run Cypher in the style of Spring's {@code JdbcClient}:
 * <pre>{@code
 * List<Person> people = template.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age")
 *         .fetchAs(Person.class).list();
 * long created = template.query("CREATE (:Person {name: $name})").param("name", "Ada").run().counters()...
 * }</pre>
 * Records map onto Java records by component name, onto other classes by property name, and a one-column
 * result onto any type the conversion service can convert to. Errors become Spring's
 * {@link DataAccessException}s.
 */
public class BoltTemplate {

    private final BoltClient client;
    private final String database;
    private final ConversionService conversionService;

    public BoltTemplate(BoltClient client, String database, ConversionService conversionService) {
        this.client = client;
        this.database = database;
        this.conversionService = conversionService;
    }

    /** Starts a query; run it with {@link Query#run()}, {@link Query#fetch()} or {@link Query#fetchAs}. */
    public Query query(String cypher) {
        return new Query(cypher);
    }

    /** A query being put together; parameters are copied on each run, so a spec may be reused. */
    public final class Query extends CypherSpec<Query> {

        private Query(String cypher) {
            super(cypher, database);
        }

        /** Runs the query, discarding records; gives the summary with its counters. */
        public ResultSummary run() {
            return await(cursor().thenCompose(ResultCursor::consumeAsync));
        }

        /** All records. */
        public List<Record> fetch() {
            return await(cursor().thenCompose(ResultCursor::listAsync));
        }

        public <T> Mapped<T> fetchAs(Class<T> type) {
            return new Mapped<>(this, type);
        }

        /** In the Spring-managed transaction of this thread, if there is one; else auto-commit. */
        private CompletionStage<ResultCursor> cursor() {
            BoltTransaction transaction = BoltTransactionManager.current(client);
            if (transaction != null) {
                return transaction.run(cypher, parameterCopy());
            }
            return client.session(sessionConfig()).run(cypher, parameterCopy());
        }
    }

    /** Records mapped to {@code T}. */
    public final class Mapped<T> {

        private final Query query;
        private final Class<T> type;

        private Mapped(Query query, Class<T> type) {
            this.query = query;
            this.type = type;
        }

        public List<T> list() {
            return query.fetch().stream().map(this::map).toList();
        }

        /** Exactly one; {@link IncorrectResultSizeDataAccessException} otherwise. */
        public T single() {
            List<T> all = list();
            if (all.size() != 1) {
                throw new IncorrectResultSizeDataAccessException(1, all.size());
            }
            return all.get(0);
        }

        /** Zero or one. */
        public Optional<T> optional() {
            List<T> all = list();
            if (all.size() > 1) {
                throw new IncorrectResultSizeDataAccessException(1, all.size());
            }
            return all.stream().findFirst();
        }

        public Stream<T> stream() {
            return list().stream();
        }

        private T map(Record record) {
            return RecordMapper.map(record, type, conversionService);
        }
    }

    private static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw translate(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Maps a client error onto Spring's data-access exceptions. */
    static RuntimeException translate(Throwable error) {
        if (error instanceof DataAccessException dae) {
            return dae;
        }
        if (!(error instanceof BoltClientException bolt)) {
            return error instanceof RuntimeException re ? re : new UncategorizedBoltException(error.getMessage(), error);
        }
        String message = bolt.getMessage() + " [" + bolt.code() + "]";
        if (bolt instanceof BoltClientException.Authentication) {
            return new PermissionDeniedDataAccessException(message, bolt);
        }
        if (bolt instanceof BoltClientException.Transient) {
            return new TransientDataAccessResourceException(message, bolt);
        }
        if (bolt instanceof BoltClientException.ServiceUnavailable || bolt instanceof BoltClientException.SessionExpired) {
            return new DataAccessResourceFailureException(message, bolt);
        }
        if (bolt instanceof BoltClientException.ClientError) {
            if (bolt.code().startsWith("Neo.ClientError.Schema.ConstraintValidationFailed")) {
                return new DataIntegrityViolationException(message, bolt);
            }
            if (bolt.code().startsWith("Neo.ClientError.Statement.")) {
                return new InvalidDataAccessResourceUsageException(message, bolt);
            }
            return new InvalidDataAccessApiUsageException(message, bolt);
        }
        return new UncategorizedBoltException(message, bolt);
    }

    /** A server or client failure that fits no other data-access category. */
    public static class UncategorizedBoltException extends UncategorizedDataAccessException {
        public UncategorizedBoltException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
