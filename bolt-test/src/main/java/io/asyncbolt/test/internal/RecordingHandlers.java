package io.asyncbolt.test.internal;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.BoltClientException;
import io.asyncbolt.client.BoltSession;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.Record;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.ResultSummary;
import io.asyncbolt.client.SessionConfig;
import io.asyncbolt.client.TransactionConfig;
import io.asyncbolt.server.AccessMode;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryHandler;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RequestContext;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The recorder's side of the engine SPI: each request is forwarded with the asyncbolt client to the real
 * server, the answer goes back to the client, and both are written down as a script step. Runs on the
 * engine's handler executor, so it may block on the real server.
 */
public final class RecordingHandlers implements QueryHandler, TransactionHandler {

    private record Open(BoltSession session, BoltTransaction transaction) {
    }

    private final BoltClient client;
    private final ScriptWriter writer;
    private final Map<String, Open> transactions = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    public RecordingHandlers(BoltClient client, ScriptWriter writer) {
        this.client = client;
        this.writer = writer;
    }

    @Override
    public CompletionStage<QueryResult> run(Query query) {
        Transaction tx = query.transaction();
        List<String> clauses = new ArrayList<>();
        clauses.add(writer.params(query.parameters()));
        String db = tx == null ? query.context().database() : null;
        if (db != null) {
            clauses.add("extras " + Values.render(Map.of("db", db)));
        }
        BoltSession session = null;
        try {
            CompletionStage<ResultCursor> cursor;
            if (tx == null) {
                session = client.session(sessionConfig(query.context()));
                cursor = session.run(query.statement(), query.parameters(), txConfig(query.context()));
            } else {
                cursor = open(tx).transaction().run(query.statement(), query.parameters());
            }
            ResultCursor result = join(cursor);
            List<List<Object>> rows = new ArrayList<>();
            ResultSummary summary = join(result.forEachAsync((Record record) -> rows.add(record.values())));
            clauses.addAll(ScriptWriter.result(result.keys(), rows, summary.counters()));
            writer.expectation(ScriptWriter.run(query.statement()), clauses);
            return CompletableFuture.completedFuture(QueryResult.of(result.keys(), rows)
                    .withSummary(new io.asyncbolt.server.ResultSummary(summary.queryType(), summary.counters(),
                            List.of(), summary.bookmark())));
        } catch (BoltClientException e) {
            if (tx != null) {
                failed.add(tx.id());
            }
            clauses.add(ScriptWriter.failure(e.code(), e.getMessage()));
            writer.expectation(ScriptWriter.run(query.statement()), clauses);
            throw new BoltException(e.code(), e.getMessage());
        } finally {
            if (session != null) {
                session.closeAsync();
            }
        }
    }

    @Override
    public CompletionStage<Void> begin(Transaction transaction) {
        RequestContext context = transaction.context();
        List<String> clauses = new ArrayList<>();
        Map<String, Object> extras = new LinkedHashMap<>();
        if (context.database() != null) {
            extras.put("db", context.database());
        }
        extras.put("mode", context.accessMode() == AccessMode.READ ? "r" : "w");
        clauses.add("extras " + Values.render(extras));
        BoltSession session = client.session(sessionConfig(context));
        try {
            BoltTransaction tx = join(session.beginTransaction(txConfig(context)));
            transactions.put(transaction.id(), new Open(session, tx));
            writer.expectation("BEGIN", clauses);
            return CompletableFuture.completedFuture(null);
        } catch (BoltClientException e) {
            session.closeAsync();
            clauses.add(ScriptWriter.failure(e.code(), e.getMessage()));
            writer.expectation("BEGIN", clauses);
            throw new BoltException(e.code(), e.getMessage());
        }
    }

    @Override
    public CompletionStage<String> commit(Transaction transaction) {
        Open open = transactions.remove(transaction.id());
        try {
            String bookmark = join(open.transaction().commit());
            writer.expectation("COMMIT", bookmark == null ? List.of() : List.of("bookmark " + Values.render(bookmark)));
            return CompletableFuture.completedFuture(bookmark);
        } catch (BoltClientException e) {
            writer.expectation("COMMIT", List.of(ScriptWriter.failure(e.code(), e.getMessage())));
            throw new BoltException(e.code(), e.getMessage());
        } finally {
            open.session().closeAsync();
        }
    }

    @Override
    public CompletionStage<Void> rollback(Transaction transaction) {
        Open open = transactions.remove(transaction.id());
        if (open == null) {
            return CompletableFuture.completedFuture(null);
        }
        boolean afterFailure = failed.remove(transaction.id());
        try {
            join(open.transaction().rollback());
        } catch (BoltClientException e) {
            if (!afterFailure) {
                throw new BoltException(e.code(), e.getMessage());
            }
        } finally {
            open.session().closeAsync();
        }
        if (!afterFailure) {   // after a failure the client's RESET rolls back: no message of the client's
            writer.expectation("ROLLBACK", List.of());
        }
        return CompletableFuture.completedFuture(null);
    }

    private Open open(Transaction tx) {
        Open open = transactions.get(tx.id());
        if (open == null) {
            throw new BoltException("Neo.ClientError.Request.Invalid", "No open transaction " + tx.id());
        }
        return open;
    }

    private static SessionConfig sessionConfig(RequestContext context) {
        return new SessionConfig(context.database(), context.accessMode() == AccessMode.READ, context.bookmarks(), 0,
                context.impersonatedUser());
    }

    private static TransactionConfig txConfig(RequestContext context) {
        return new TransactionConfig(context.txTimeout(), context.txMetadata());
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof BoltClientException client) {
                throw client;
            }
            throw e;
        }
    }
}
