package io.asyncbolt.testkit;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each request by its {@code name} to the handler of its concern and writes the answer. A handler
 * returns the response, or null when the answer is written later (managed transactions, RetryablePositive
 * and RetryableNegative). Anything thrown becomes a DriverError or BackendError ({@link Errors}).
 */
final class Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final BackendState state;
    private final ResponseWriter out;
    private final DriverRequests drivers;
    private final SessionRequests sessions;
    private final TransactionRequests transactions;
    private final ResultRequests results;
    private final BookmarkManagers bookmarkManagers;
    private final AuthManagers authManagers;

    Dispatcher(BackendState state, ResponseWriter out, Callbacks callbacks) {
        this.state = state;
        this.out = out;
        this.bookmarkManagers = new BookmarkManagers(state, callbacks);
        this.authManagers = new AuthManagers(state, callbacks, state.clock);
        this.drivers = new DriverRequests(state, callbacks, bookmarkManagers, authManagers);
        this.results = new ResultRequests(state);
        this.sessions = new SessionRequests(state, out, results, bookmarkManagers);
        this.transactions = new TransactionRequests(state, results);
    }

    @SuppressWarnings("unchecked")
    void dispatch(Map<String, Object> request) {
        String name = String.valueOf(request.get("name"));
        Map<String, Object> data = request.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of();
        log.debug("request {} {}", name, data);
        Map<String, Object> response;
        try {
            response = handle(name, new Request(data));
        } catch (Throwable e) {
            log.debug("request {} failed: {}", name, e.toString());
            response = Errors.toResponse(e, state);
        }
        if (response != null) {
            out.write(response);
        }
    }

    private Map<String, Object> handle(String name, Request r) {
        return switch (name) {
            case "GetFeatures" -> Responses.of("FeatureList", Map.of("features", Features.declared()));
            case "StartTest" -> startTest(r.string("testName"));
            case "StartSubTest" -> Responses.of("RunTest");
            case "NewDriver" -> drivers.newDriver(r);
            case "DriverClose" -> drivers.close(r);
            case "VerifyConnectivity" -> drivers.verifyConnectivity(r);
            case "GetServerInfo" -> drivers.serverInfo(r);
            case "CheckDriverIsEncrypted" -> drivers.isEncrypted(r);
            case "CheckMultiDBSupport" -> drivers.multiDbSupport(r);
            case "VerifyAuthentication" -> drivers.verifyAuthentication(r);
            case "CheckSessionAuthSupport" -> drivers.sessionAuthSupport(r);
            case "GetRoutingTable" -> drivers.routingTable(r);
            case "ForcedRoutingTableUpdate" -> drivers.forceRoutingTableUpdate(r);
            case "GetConnectionPoolMetrics" -> drivers.poolMetrics(r);
            case "ExecuteQuery" -> drivers.executeQuery(r);
            case "NewSession" -> sessions.newSession(r);
            case "SessionClose" -> sessions.close(r);
            case "SessionRun" -> sessions.run(r);
            case "SessionBeginTransaction" -> sessions.beginTransaction(r);
            case "SessionReadTransaction" -> sessions.managedTransaction(r, false);
            case "SessionWriteTransaction" -> sessions.managedTransaction(r, true);
            case "SessionLastBookmarks" -> sessions.lastBookmarks(r);
            case "RetryablePositive" -> sessions.retryablePositive(r);
            case "RetryableNegative" -> sessions.retryableNegative(r);
            case "TransactionRun" -> transactions.run(r);
            case "TransactionCommit" -> transactions.commit(r);
            case "TransactionRollback" -> transactions.rollback(r);
            case "TransactionClose" -> transactions.close(r);
            case "ResultNext" -> results.next(r);
            case "ResultPeek" -> results.peek(r);
            case "ResultSingle" -> results.single(r);
            case "ResultSingleOptional" -> results.singleOptional(r);
            case "ResultList" -> results.list(r);
            case "ResultConsume" -> results.consume(r);
            case "NewBookmarkManager" -> bookmarkManagers.create(r);
            case "BookmarkManagerClose" -> bookmarkManagers.close(r);
            case "NewAuthTokenManager" -> authManagers.custom(r);
            case "NewBasicAuthTokenManager" -> authManagers.basic(r);
            case "NewBearerAuthTokenManager" -> authManagers.bearer(r);
            case "AuthTokenManagerClose" -> authManagers.close(r);
            case "FakeTimeInstall" -> fakeTime(state.clock::install);
            case "FakeTimeTick" -> fakeTime(() -> state.clock.tick(r.number("incrementMs") == null ? 0 : r.number("incrementMs")));
            case "FakeTimeUninstall" -> fakeTime(state.clock::uninstall);
            default -> throw new Errors.UnsupportedByClientException(
                    "Request " + name + " is not supported by the asyncbolt testkit backend");
        };
    }

    private static Map<String, Object> fakeTime(Runnable change) {
        change.run();
        return Responses.of("FakeTimeAck");
    }

    private static Map<String, Object> startTest(String testName) {
        String reason = Features.skipReason(testName);
        return reason == null ? Responses.of("RunTest") : Responses.of("SkipTest", Map.of("reason", reason));
    }
}
