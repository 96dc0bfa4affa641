package io.asyncbolt.server;

import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.server.BoltStateMachine.Action;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's explicit transaction: BEGIN, COMMIT and ROLLBACK through the {@link TransactionHandler},
 * and its {@code tx_timeout}, whose timer lives exactly as long as the transaction. A transaction that
 * timed out is rolled back at once; the FAILURE is the answer to what runs in it then, or to its next
 * request. Used on the event loop only.
 */
final class OpenTransaction {

    private static final Logger log = LoggerFactory.getLogger(OpenTransaction.class);

    private final BoltServer server;
    private final ServerConfig config;
    private final String connectionId;
    private final SessionState session;
    private final ResponseWriter out;
    private final RequestQueue requests;
    private final FailureHandling failures;
    private final OpenResults results;
    private final ConnectionTimers timers;
    private Transaction transaction;
    /** The FAILURE a timeout left while nothing ran in the transaction: the answer to its next request. */
    private FailureMessage timedOut;

    OpenTransaction(BoltServer server, ServerConfig config, String connectionId, SessionState session,
            ResponseWriter out, RequestQueue requests, FailureHandling failures, OpenResults results,
            ConnectionTimers timers) {
        this.server = server;
        this.config = config;
        this.connectionId = connectionId;
        this.session = session;
        this.out = out;
        this.requests = requests;
        this.failures = failures;
        this.results = results;
        this.timers = timers;
    }

    /** The open transaction, or null. */
    Transaction current() {
        return transaction;
    }

    /** Whether the transaction's timeout passed while nothing ran in it (and is not reported yet). */
    boolean timedOut() {
        return timedOut != null;
    }

    /** Answers the request that found the transaction timed out with the FAILURE the timeout left. */
    void reportTimeout() {
        FailureMessage failure = timedOut;
        timedOut = null;
        failures.fail(failure);
    }

    void begin(BeginMessage begin, RequestContext context) {
        Transaction tx = new Transaction(server.nextTransactionId(), context);
        HandlerCall call = requests.call(begin, config.transactionHandler().blocks(), () -> config.transactionHandler().begin(tx), (ignored, error) -> {
            if (error != null) {
                failures.fail(error);
                return;
            }
            transaction = tx;
            results.transactionBegun();
            session.succeeded(Action.BEGIN);
            out.send(SuccessMessage.EMPTY);
            Duration timeout = tx.context().txTimeout();
            timers.transactionTimeout(timeout, () -> expired(tx, timeout));
        });
        // cancelled while it ran (RESET, the peer's end): what the handler began is rolled back, after it
        call.onCancel(() -> {
            transaction = tx;
            abandon();
        });
    }

    void commit() {
        Transaction tx = end();
        requests.call(CommitMessage.INSTANCE, config.transactionHandler().blocks(), () -> config.transactionHandler().commit(tx), (bookmark, error) -> {
            if (error != null) {
                failures.fail(error);
                return;
            }
            session.succeeded(Action.COMMIT);
            out.send(new SuccessMessage(Map.of("bookmark", bookmark != null ? bookmark : server.nextBookmark())));
        });
    }

    void rollback() {
        Transaction tx = end();
        if (tx == null) {
            // already rolled back, e.g. by its timeout
            timedOut = null;
            session.succeeded(Action.ROLLBACK);
            out.send(SuccessMessage.EMPTY);
            return;
        }
        requests.call(RollbackMessage.INSTANCE, config.transactionHandler().blocks(), () -> config.transactionHandler().rollback(tx), (ignored, error) -> {
            if (error != null) {
                failures.fail(error);
                return;
            }
            session.succeeded(Action.ROLLBACK);
            out.send(SuccessMessage.EMPTY);
        });
    }

    /** RESET: the transaction is rolled back in the background, a timeout not yet reported is forgotten. */
    void reset() {
        timedOut = null;
        abandon();
    }

    /**
     * Rolls the transaction back in the background, answering nobody (RESET, a timeout, the connection's
     * end). Its timer goes with it.
     */
    void abandon() {
        Transaction tx = transaction;
        transaction = null;
        timers.transactionEnded();
        if (tx == null) {
            return;
        }
        try {
            config.executor().execute(() -> {
                try {
                    config.transactionHandler().rollback(tx);
                } catch (Exception e) {
                    log.warn("Rollback of transaction {} on connection {} failed", tx.id(), connectionId, e);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not roll back transaction {} on connection {}", tx.id(), connectionId, e);
        }
    }

    /** COMMIT or ROLLBACK: the transaction, its timer and its results end here; returns it. */
    private Transaction end() {
        Transaction tx = transaction;
        timers.transactionEnded();
        results.closeTransactional();
        transaction = null;
        return tx;
    }

    /** The client's {@code tx_timeout} passed: roll back, and fail what runs now or comes next in it. */
    private void expired(Transaction tx, Duration timeout) {
        if (transaction != tx || session.defunct()) {
            return;
        }
        log.debug("Transaction {} on connection {} timed out after {}", tx.id(), connectionId, timeout);
        FailureMessage failure = FailureMessage.of(StatusCodes.TRANSACTION_TIMED_OUT, "The transaction has been terminated."
                + " Retry your operation in a new transaction, and you should see a successful result. The transaction"
                + " has not completed within the timeout specified at its start by the client (" + timeout.toMillis()
                + " ms).");
        results.closeTransactional();
        abandon();
        if (requests.interrupt()) {
            failures.fail(failure);
            requests.process();
        } else {
            timedOut = failure;
        }
    }
}
