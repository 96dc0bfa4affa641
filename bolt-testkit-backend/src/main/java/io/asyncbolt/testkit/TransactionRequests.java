package io.asyncbolt.testkit;

import io.asyncbolt.client.ResultCursor;
import java.util.Map;

/** TransactionRun, TransactionCommit, TransactionRollback, TransactionClose. */
final class TransactionRequests {

    private final BackendState state;
    private final ResultRequests results;

    TransactionRequests(BackendState state, ResultRequests results) {
        this.state = state;
        this.results = results;
    }

    Map<String, Object> run(Request r) {
        BackendState.TransactionHolder tx = tx(r);
        String query = r.required("cypher");
        Map<String, Object> params = CypherValues.parameters(r.get("params"));
        ResultCursor cursor = Await.result(tx.tx().run(query, params));
        return results.register(cursor, query, params);
    }

    Map<String, Object> commit(Request r) {
        BackendState.TransactionHolder tx = tx(r);
        Await.result(tx.tx().commit());
        return Responses.withId("Transaction", tx.id());
    }

    Map<String, Object> rollback(Request r) {
        BackendState.TransactionHolder tx = tx(r);
        Await.result(tx.tx().rollback());
        return Responses.withId("Transaction", tx.id());
    }

    /** Closing rolls back a transaction that is still open; closing an ended one does nothing (rollback would fail). */
    Map<String, Object> close(Request r) {
        BackendState.TransactionHolder tx = tx(r);
        if (tx.tx().isOpen()) {
            Await.result(tx.tx().rollback());
        }
        return Responses.withId("Transaction", tx.id());
    }

    private BackendState.TransactionHolder tx(Request r) {
        String id = r.required("txId");
        BackendState.TransactionHolder tx = state.transactions.get(id);
        if (tx == null) {
            throw new Errors.BadRequestException("no transaction " + id);
        }
        return tx;
    }
}
