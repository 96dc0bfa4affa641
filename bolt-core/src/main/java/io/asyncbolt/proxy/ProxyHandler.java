package io.asyncbolt.proxy;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltSession;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.Notification;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.SessionConfig;
import io.asyncbolt.client.TransactionConfig;
import io.asyncbolt.server.AccessMode;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.Query;
import io.asyncbolt.server.QueryHandler;
import io.asyncbolt.server.QueryResult;
import io.asyncbolt.server.RequestContext;
import io.asyncbolt.server.ResultSummary;
import io.asyncbolt.server.ServerListener;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy's server-side handlers: each auto-commit RUN runs in an upstream session of its own, each
 * downstream transaction is one upstream transaction.
 */
final class ProxyHandler implements QueryHandler, TransactionHandler, ServerListener {

    private static final Logger log = LoggerFactory.getLogger(ProxyHandler.class);

    /** One downstream transaction's upstream side. */
    private record Upstream(String connectionId, UpstreamClients.Lease lease, BoltSession session,
            BoltTransaction transaction) {
    }

    private final UpstreamClients clients;
    private final UpstreamAuth auth;
    private final long fetchSize;
    private final ProxyPolicy policy;
    private final ProxyAuditListener audit;
    private final UserQueryLimit limit;
    private final Map<String, Upstream> transactions = new ConcurrentHashMap<>();
    /** Transaction ids by downstream connection, to roll back what a cancelled BEGIN left behind. */
    private final Map<String, String> byConnection = new ConcurrentHashMap<>();

    ProxyHandler(UpstreamClients clients, UpstreamAuth auth, long fetchSize, ProxyPolicy policy,
            ProxyAuditListener audit, UserQueryLimit limit) {
        this.clients = clients;
        this.auth = auth;
        this.fetchSize = fetchSize;
        this.policy = policy;
        this.audit = audit;
        this.limit = limit;
    }

    // ------------------------------------------------------------------ queries

    /**
     * Forwarding never blocks (the upstream client is asynchronous); only the policy may: without it, each
     * request is forwarded on the downstream connection's network thread.
     */
    @Override
    public boolean blocks(Query query) {
        return policy.blocks();
    }

    @Override
    public boolean blocks() {
        return policy.blocks();
    }

    @Override
    public CompletionStage<QueryResult> run(Query query) throws Exception {
        long started = System.nanoTime();
        RequestContext context = query.context();
        boolean inTransaction = query.transaction() != null;
        ProxyPolicy.Request asked = new ProxyPolicy.Request(context.principal(), context.database(),
                context.accessMode(), query.statement(), query.parameters(), inTransaction);
        ProxyPolicy.Request request = decide(asked, started);
        UserQueryLimit.Permit permit;
        try {
            permit = limit.acquire(request.user());
        } catch (BoltException e) {
            emit(request, started, ProxyAuditListener.Outcome.REFUSED, e.code(), 0);
            throw e;
        }
        Auditing auditing = new Auditing(request, started, permit);
        if (inTransaction) {
            Upstream upstream = transactions.get(query.transaction().id());
            if (upstream == null) {
                throw auditing.failed(new BoltException("Neo.ClientError.Transaction.TransactionNotFound",
                        "The transaction is no longer open upstream"));
            }
            CompletionStage<ResultCursor> inTx;
            try {
                inTx = upstream.transaction().run(request.statement(), request.parameters());
            } catch (RuntimeException e) {
                throw auditing.failed(UpstreamErrors.map(e));
            }
            return inTx.handle((cursor, error) -> {
                if (error != null) {
                    throw auditing.failed(UpstreamErrors.map(error));
                }
                return result(cursor, auditing);
            });
        }
        UpstreamClients.Lease lease;
        CompletionStage<ResultCursor> running;
        try {
            lease = lease(context);
        } catch (RuntimeException e) {
            throw auditing.failed(UpstreamErrors.map(e));
        }
        try {
            BoltSession session = lease.client().session(sessionConfig(context, request.mode()));
            running = session.run(request.statement(), request.parameters(), transactionConfig(context));
        } catch (RuntimeException e) {
            lease.release();
            throw auditing.failed(UpstreamErrors.map(e));
        }
        return running.handle((cursor, error) -> {
            if (error != null) {
                lease.release();
                throw auditing.failed(UpstreamErrors.map(error));
            }
            return result(cursor, new CursorPublisher.Ending() {
                @Override
                public void cancelling() {
                    auditing.cancelling();
                }

                @Override
                public void ended(io.asyncbolt.client.ResultSummary summary, Throwable e, boolean cancelled,
                        long records) {
                    lease.release();
                    auditing.ended(summary, e, cancelled, records);
                }
            });
        });
    }

    /** The request as the policy lets it run; a refusal is audited and thrown. */
    private ProxyPolicy.Request decide(ProxyPolicy.Request asked, long started) throws Exception {
        ProxyPolicy.Decision decision = policy.decide(asked);
        if (decision instanceof ProxyPolicy.Decision.Refuse refuse) {
            emit(asked, started, ProxyAuditListener.Outcome.REFUSED, refuse.code(), 0);
            throw new BoltException(refuse.code(), refuse.message());
        }
        return decision instanceof ProxyPolicy.Decision.Rewrite rewrite ? rewrite.applyTo(asked) : asked;
    }

    /** Tells the audit listener how one statement ended, and gives back its user's permit. */
    private final class Auditing implements CursorPublisher.Ending {
        private final ProxyPolicy.Request request;
        private final long started;
        private final UserQueryLimit.Permit permit;

        Auditing(ProxyPolicy.Request request, long started, UserQueryLimit.Permit permit) {
            this.request = request;
            this.started = started;
            this.permit = permit;
        }

        RuntimeException failed(RuntimeException error) {
            permit.release();
            emit(request, started, ProxyAuditListener.Outcome.FAILED,
                    error instanceof BoltException b ? b.code() : StatusCodes.UNKNOWN_ERROR, 0);
            return error;
        }

        @Override
        public void cancelling() {
            permit.release(); // over for the client, whatever the upstream still discards
        }

        @Override
        public void ended(io.asyncbolt.client.ResultSummary summary, Throwable error, boolean cancelled, long records) {
            permit.release();
            if (cancelled) {
                emit(request, started, ProxyAuditListener.Outcome.CANCELLED, null, records);
            } else if (error != null) {
                emit(request, started, ProxyAuditListener.Outcome.FAILED,
                        error instanceof BoltException b ? b.code() : StatusCodes.UNKNOWN_ERROR, records);
            } else {
                emit(request, started, ProxyAuditListener.Outcome.SUCCEEDED, null, records);
            }
        }
    }

    private void emit(ProxyPolicy.Request request, long started, ProxyAuditListener.Outcome outcome, String code,
            long records) {
        try {
            audit.statement(new ProxyAuditListener.Event(request.user() == null ? null : request.user().getName(),
                    request.database(), request.mode(), request.statement(), request.inTransaction(),
                    java.time.Duration.ofNanos(System.nanoTime() - started), outcome, code, records));
        } catch (RuntimeException e) {
            log.warn("The audit listener failed", e);
        }
    }

    private static QueryResult result(ResultCursor cursor, CursorPublisher.Ending ending) {
        CursorPublisher records = new CursorPublisher(cursor, ending);
        return new QueryResult(cursor.keys(), records, () -> summary(records.summary()));
    }

    /** The upstream summary as the downstream one: query type, counters, notifications, bookmark, plan. */
    static ResultSummary summary(io.asyncbolt.client.ResultSummary upstream) {
        if (upstream == null) {
            return ResultSummary.READ;
        }
        List<Map<String, Object>> notifications = new ArrayList<>();
        for (Notification n : upstream.notifications()) {
            Map<String, Object> map = new LinkedHashMap<>();
            put(map, "code", n.code());
            put(map, "title", n.title());
            put(map, "description", n.description());
            put(map, "severity", n.rawSeverity());
            put(map, "category", n.rawCategory());
            if (n.position() != null) {
                map.put("position", Map.of("offset", n.position().offset(), "line", n.position().line(),
                        "column", n.position().column()));
            }
            notifications.add(map);
        }
        Map<String, Object> plan = upstream.plan().isEmpty() ? null : upstream.plan();
        return new ResultSummary(upstream.queryType(), upstream.counters(), notifications, upstream.bookmark(), plan);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public CompletionStage<Void> begin(Transaction transaction) throws Exception {
        RequestContext context = transaction.context();
        String leftover = byConnection.remove(context.connectionId());
        if (leftover != null) {
            // a BEGIN answered after the client had reset: its transaction was never the client's
            rollbackUpstream(leftover);
        }
        ProxyPolicy.Request request = decide(new ProxyPolicy.Request(context.principal(), context.database(),
                context.accessMode(), null, Map.of(), true), System.nanoTime());
        UpstreamClients.Lease lease = lease(context);
        BoltSession session;
        CompletionStage<BoltTransaction> begun;
        try {
            session = lease.client().session(sessionConfig(context, request.mode()));
            begun = session.beginTransaction(transactionConfig(context));
        } catch (RuntimeException e) {
            lease.release();
            throw UpstreamErrors.map(e);
        }
        return begun.handle((tx, error) -> {
            if (error != null) {
                lease.release();
                throw UpstreamErrors.map(error);
            }
            transactions.put(transaction.id(), new Upstream(context.connectionId(), lease, session, tx));
            byConnection.put(context.connectionId(), transaction.id());
            return null;
        });
    }

    @Override
    public CompletionStage<String> commit(Transaction transaction) {
        Upstream upstream = take(transaction.id());
        if (upstream == null) {
            throw new BoltException("Neo.ClientError.Transaction.TransactionNotFound",
                    "The transaction is no longer open upstream");
        }
        return upstream.transaction().commit().handle((bookmark, error) -> {
            upstream.lease().release();
            if (error != null) {
                throw UpstreamErrors.map(error);
            }
            return bookmark;
        });
    }

    @Override
    public CompletionStage<Void> rollback(Transaction transaction) {
        Upstream upstream = take(transaction.id());
        if (upstream == null) {
            return CompletableFuture.completedFuture(null);
        }
        return rollback(upstream);
    }

    private CompletionStage<Void> rollback(Upstream upstream) {
        return upstream.transaction().rollback().handle((v, error) -> {
            upstream.lease().release();
            if (error != null) {
                throw UpstreamErrors.map(error);
            }
            return null;
        });
    }

    private void rollbackUpstream(String transactionId) {
        Upstream upstream = take(transactionId);
        if (upstream != null) {
            rollback(upstream).whenComplete((v, e) -> {
                if (e != null) {
                    log.debug("Rolling back upstream transaction of {} failed", upstream.connectionId(), e);
                }
            });
        }
    }

    private Upstream take(String transactionId) {
        Upstream upstream = transactions.remove(transactionId);
        if (upstream != null) {
            byConnection.remove(upstream.connectionId(), transactionId);
        }
        return upstream;
    }

    /** How many downstream transactions hold an upstream one (for tests). */
    int openTransactions() {
        return transactions.size();
    }

    // ------------------------------------------------------------------ connections

    @Override
    public void connectionClosed(String connectionId) {
        String leftover = byConnection.remove(connectionId);
        if (leftover != null) {
            rollbackUpstream(leftover);
        }
    }

    // ------------------------------------------------------------------ mapping

    private UpstreamClients.Lease lease(RequestContext context) {
        AuthToken token = auth instanceof UpstreamAuth.ServiceAccount service ? service.token()
                : credentials(context.principal());
        return clients.lease(token);
    }

    private static AuthToken credentials(Principal principal) {
        if (principal instanceof ProxyPrincipal proxied) {
            return proxied.upstreamToken();
        }
        throw new BoltException(StatusCodes.UNAUTHORIZED, "No credentials to pass upstream");
    }

    private SessionConfig sessionConfig(RequestContext context, AccessMode mode) {
        String impersonated = context.impersonatedUser();
        if (auth instanceof UpstreamAuth.ServiceAccount service) {
            if (impersonated != null) {
                throw new BoltException(StatusCodes.FORBIDDEN,
                        "Impersonation is not allowed through this proxy");
            }
            if (service.impersonate() && context.principal() != null) {
                impersonated = context.principal().getName();
            }
        }
        return new SessionConfig(context.database(), mode == AccessMode.READ, context.bookmarks(),
                fetchSize, impersonated);
    }

    private static TransactionConfig transactionConfig(RequestContext context) {
        return new TransactionConfig(context.txTimeout(), context.txMetadata());
    }
}
