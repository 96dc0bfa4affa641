package io.asyncbolt.testkit;

import io.asyncbolt.client.BoltSession;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.NotificationConfig;
import io.asyncbolt.client.ResultCursor;
import io.asyncbolt.client.SessionConfig;
import io.asyncbolt.client.TransactionConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * NewSession, SessionClose, SessionRun, SessionBeginTransaction, the managed transactions with their
 * RetryableTry / RetryablePositive / RetryableNegative protocol, SessionLastBookmarks.
 */
final class SessionRequests {

    private final BackendState state;
    private final ResponseWriter out;
    private final ResultRequests results;
    private final BookmarkManagers bookmarkManagers;

    SessionRequests(BackendState state, ResponseWriter out, ResultRequests results, BookmarkManagers bookmarkManagers) {
        this.state = state;
        this.out = out;
        this.results = results;
        this.bookmarkManagers = bookmarkManagers;
    }

    Map<String, Object> newSession(Request r) {
        BackendState.DriverHolder driver = state.drivers.get(r.required("driverId"));
        if (driver == null) {
            throw new Errors.BadRequestException("no driver " + r.string("driverId"));
        }
        SessionConfig config = SessionConfig.defaults().withReadOnly("r".equals(r.string("accessMode")));
        if (r.list("bookmarks") != null) {
            List<String> bookmarks = new ArrayList<>();
            r.list("bookmarks").forEach(b -> bookmarks.add((String) b));
            config = config.withBookmarks(bookmarks);
        }
        if (r.string("database") != null) {
            config = config.withDatabase(r.string("database"));
        }
        if (r.number("fetchSize") != null) {
            config = config.withFetchSize(r.number("fetchSize"));
        }
        if (r.string("impersonatedUser") != null) {
            config = config.withImpersonatedUser(r.string("impersonatedUser"));
        }
        NotificationConfig notifications = DriverRequests.notificationConfig(r);
        if (notifications != null) {
            config = config.withNotificationConfig(notifications);
        }
        if (r.map("authorizationToken") != null) {
            config = config.withAuth(DriverRequests.authToken(r.map("authorizationToken")));
        }
        if (r.has("bookmarkManagerId")) {
            config = config.withBookmarkManager(bookmarkManagers.get(r.string("bookmarkManagerId")));
        }
        BoltSession session = driver.client().session(config);
        String id = state.newId();
        state.sessions.put(id, new BackendState.SessionHolder(id, driver, session));
        return Responses.withId("Session", id);
    }

    /** The client's close: discards what open results still hold, rolls back an open transaction. */
    Map<String, Object> close(Request r) {
        BackendState.SessionHolder s = session(r);
        Await.result(s.session.closeAsync());
        return Responses.withId("Session", s.id);
    }

    Map<String, Object> run(Request r) {
        BackendState.SessionHolder s = session(r);
        String query = r.required("cypher");
        Map<String, Object> params = CypherValues.parameters(r.get("params"));
        ResultCursor cursor = Await.result(s.session.run(query, params, txConfig(r)));
        return results.register(cursor, query, params);
    }

    Map<String, Object> beginTransaction(Request r) {
        BackendState.SessionHolder s = session(r);
        BoltTransaction tx = Await.result(s.session.beginTransaction(txConfig(r)));
        String id = state.newId();
        BackendState.TransactionHolder holder = new BackendState.TransactionHolder(id, s, tx, false);
        state.transactions.put(id, holder);
        return Responses.withId("Transaction", id);
    }

    /**
     * Runs the client's executeWrite/executeRead; each attempt of the work function registers its
     * transaction, tells testkit with RetryableTry and returns a stage that RetryablePositive completes
     * (commit) or RetryableNegative fails (rollback, retry if the error is retryable). The final answer,
     * RetryableDone or the error, is written when the client is done.
     */
    Map<String, Object> managedTransaction(Request r, boolean write) {
        BackendState.SessionHolder s = session(r);
        TransactionConfig config = txConfig(r);
        Function<BoltTransaction, CompletionStage<Object>> work = tx -> {
            String id = state.newId();
            state.transactions.put(id, new BackendState.TransactionHolder(id, s, tx, true));
            CompletableFuture<Object> attempt = new CompletableFuture<>();
            s.txWork = attempt;
            out.write(Responses.withId("RetryableTry", id));
            return attempt;
        };
        CompletionStage<Object> outcome = write ? s.session.executeWrite(work, config)
                : s.session.executeRead(work, config);
        outcome.whenComplete((value, error) -> out.write(error == null ? Responses.of("RetryableDone")
                : Errors.toResponse(error, state)));
        return null;
    }

    Map<String, Object> retryablePositive(Request r) {
        CompletableFuture<Object> attempt = currentAttempt(session(r));
        if (attempt != null) {
            attempt.complete(null);
        }
        return null;
    }

    Map<String, Object> retryableNegative(Request r) {
        CompletableFuture<Object> attempt = currentAttempt(session(r));
        if (attempt == null) {
            return null;
        }
        String errorId = r.string("errorId");
        Throwable error = errorId == null || errorId.isEmpty() ? null : state.errors.get(errorId);
        attempt.completeExceptionally(error != null ? error : new Errors.FrontendException());
        return null;
    }

    Map<String, Object> lastBookmarks(Request r) {
        BackendState.SessionHolder s = session(r);
        return Responses.of("Bookmarks", Map.of("bookmarks", s.session.lastBookmarks()));
    }

    private static CompletableFuture<Object> currentAttempt(BackendState.SessionHolder s) {
        CompletableFuture<Object> attempt = s.txWork;
        // no answer is due to RetryablePositive/Negative, so one that comes too late is only logged
        if (attempt == null || attempt.isDone()) {
            org.slf4j.LoggerFactory.getLogger(SessionRequests.class)
                    .warn("no managed transaction function is running in session {}", s.id);
            return null;
        }
        return attempt;
    }

    private BackendState.SessionHolder session(Request r) {
        String id = r.required("sessionId");
        BackendState.SessionHolder s = state.sessions.get(id);
        if (s == null) {
            throw new Errors.BadRequestException("no session " + id);
        }
        return s;
    }

    static TransactionConfig txConfig(Request r) {
        Map<String, Object> meta = r.map("txMeta") == null ? Map.of() : CypherValues.plainMap(r.map("txMeta"));
        Duration timeout = r.number("timeout") == null ? null : Duration.ofMillis(r.number("timeout"));
        return new TransactionConfig(timeout, meta);
    }
}
