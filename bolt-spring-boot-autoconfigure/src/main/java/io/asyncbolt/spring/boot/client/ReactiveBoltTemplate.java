package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.ResultSummary;
import org.springframework.core.convert.ConversionService;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reactive twin of {@link BoltTemplate} (when Reactor is present): records stream as a {@link Flux}
 * with back-pressure down to the server (the client pulls batches as the subscriber requests them).
 * <pre>{@code
 * Flux<Person> people = reactiveTemplate.query("MATCH (p:Person) RETURN p.name AS name, p.age AS age")
 *         .fetchAs(Person.class).flux();
 * }</pre>
 */
public class ReactiveBoltTemplate {

    private final BoltClient client;
    private final String database;
    private final ConversionService conversionService;

    public ReactiveBoltTemplate(BoltClient client, String database, ConversionService conversionService) {
        this.client = client;
        this.database = database;
        this.conversionService = conversionService;
    }

    public Query query(String cypher) {
        return new Query(cypher);
    }

    /** A query being put together; parameters are copied on each subscription. */
    public final class Query extends CypherSpec<Query> {

        private Query(String cypher) {
            super(cypher, database);
        }

        /** Runs the query on subscription, for its effect; gives the summary. */
        public Mono<ResultSummary> run() {
            return Mono.defer(() -> Mono.fromCompletionStage(session().run(cypher, parameterCopy())
                    .thenCompose(ResultCursor::consumeAsync))).onErrorMap(BoltTemplate::translate);
        }

        public <T> Mapped<T> fetchAs(Class<T> type) {
            return new Mapped<>(this, type);
        }

        private Flux<Record> records() {
            return Flux.defer(() -> JdkFlowAdapter.flowPublisherToFlux(session().stream(cypher, parameterCopy()))).onErrorMap(BoltTemplate::translate);
        }

        private io.asyncbolt.client.BoltSession session() {
            return client.session(sessionConfig());
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

        public Flux<T> flux() {
            return query.records().map(record -> RecordMapper.map(record, type, conversionService));
        }

        /** Exactly one; an error otherwise. */
        public Mono<T> one() {
            return flux().single();
        }
    }
}
