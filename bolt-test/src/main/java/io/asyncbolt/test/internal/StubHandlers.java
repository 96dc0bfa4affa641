package io.asyncbolt.test.internal;

import io.asyncbolt.server.AccessMode;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryHandler;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RequestContext;
import io.asyncbolt.server.ResultSummary;
import io.asyncbolt.server.RoutingTable;
import io.asyncbolt.server.RoutingTableProvider;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import io.asyncbolt.test.Expectation;
import io.asyncbolt.test.MessageKind;
import io.asyncbolt.test.ReceivedMessage;
import io.asyncbolt.test.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Connects the server engine's SPI to the {@link Conversation}: each request becomes a received message. */
public final class StubHandlers implements QueryHandler, TransactionHandler, RoutingTableProvider {

    private final Conversation conversation;
    private final Supplier<String> address;

    /** @param address the stub's {@code host:port}, for the default routing table */
    public StubHandlers(Conversation conversation, Supplier<String> address) {
        this.conversation = conversation;
        this.address = address;
    }

    @Override
    public CompletionStage<QueryResult> run(Query query) {
        Transaction tx = query.transaction();
        ReceivedMessage message = new ReceivedMessage(MessageKind.RUN, query.statement(), query.parameters(),
                tx == null ? extras(query.context(), true) : Map.of(), query.context().connectionId(),
                tx == null ? null : tx.id());
        Reply reply = conversation.expect(message).reply();
        if (reply instanceof Reply.Failure failure) {
            throw new BoltException(failure.code(), failure.message());
        }
        if (reply instanceof Reply.Records records) {
            String type = records.queryType() != null ? records.queryType() : records.stats().isEmpty() ? "r" : "w";
            return CompletableFuture.completedFuture(QueryResult.of(records.fields(), records.rows())
                    .withSummary(new ResultSummary(type, records.stats(), List.of(), records.bookmark())));
        }
        String bookmark = reply instanceof Reply.Success success ? success.bookmark() : null;
        return CompletableFuture.completedFuture(QueryResult.empty(new ResultSummary("r", Map.of(), List.of(), bookmark)));
    }

    @Override
    public CompletionStage<Void> begin(Transaction transaction) {
        answer(MessageKind.BEGIN, transaction, extras(transaction.context(), true));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<String> commit(Transaction transaction) {
        Reply reply = answer(MessageKind.COMMIT, transaction, Map.of());
        return CompletableFuture.completedFuture(reply instanceof Reply.Success success ? success.bookmark() : null);
    }

    @Override
    public CompletionStage<Void> rollback(Transaction transaction) {
        answer(MessageKind.ROLLBACK, transaction, Map.of());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public RoutingTable route(String database, Map<String, Object> routing, RequestContext context) {
        Map<String, Object> extras = extras(context, false);
        extras.put("routing", routing == null ? Map.of() : routing);
        Expectation matched = conversation.expect(new ReceivedMessage(MessageKind.ROUTE, null, Map.of(), extras,
                context.connectionId(), null));
        Reply reply = matched == null ? Reply.Success.EMPTY : matched.reply();
        if (reply instanceof Reply.Failure failure) {
            throw new BoltException(failure.code(), failure.message());
        }
        if (reply instanceof Reply.Routing table) {
            return new RoutingTable(Duration.ofSeconds(table.ttlSeconds()), table.routers(), table.readers(),
                    table.writers());
        }
        return RoutingTable.single(address.get(), Duration.ofSeconds(300));
    }

    private Reply answer(MessageKind kind, Transaction transaction, Map<String, Object> extras) {
        Expectation matched = conversation.expect(new ReceivedMessage(kind, null, Map.of(), extras,
                transaction.context().connectionId(), transaction.id()));
        Reply reply = matched == null ? Reply.Success.EMPTY : matched.reply();
        if (reply instanceof Reply.Failure failure) {
            throw new BoltException(failure.code(), failure.message());
        }
        return reply;
    }

    /** The extras of BEGIN, an auto-commit RUN or ROUTE, as the engine read them. */
    private static Map<String, Object> extras(RequestContext context, boolean withMode) {
        Map<String, Object> extras = new LinkedHashMap<>();
        if (context.database() != null) {
            extras.put("db", context.database());
        }
        if (withMode) {
            extras.put("mode", context.accessMode() == AccessMode.READ ? "r" : "w");
        }
        if (!context.bookmarks().isEmpty()) {
            extras.put("bookmarks", context.bookmarks());
        }
        if (!context.txMetadata().isEmpty()) {
            extras.put("tx_metadata", context.txMetadata());
        }
        if (context.txTimeout() != null) {
            extras.put("tx_timeout", context.txTimeout().toMillis());
        }
        if (context.impersonatedUser() != null) {
            extras.put("imp_user", context.impersonatedUser());
        }
        return extras;
    }
}
