package io.asyncbolt.testkit;

import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.BoltSession;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.ResultCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The objects one testkit connection created, by the ids handed to testkit. Thread-safe. */
final class BackendState {

    private static final Logger log = LoggerFactory.getLogger(BackendState.class);

    private final AtomicLong ids = new AtomicLong();
    final Map<String, DriverHolder> drivers = new ConcurrentHashMap<>();
    final Map<String, SessionHolder> sessions = new ConcurrentHashMap<>();
    final Map<String, TransactionHolder> transactions = new ConcurrentHashMap<>();
    final Map<String, ResultHolder> results = new ConcurrentHashMap<>();
    final Map<String, Throwable> errors = new ConcurrentHashMap<>();
    /** The time of every client of this connection (FakeTimeInstall / FakeTimeTick / FakeTimeUninstall). */
    final FakeClock clock = new FakeClock();

    String newId() {
        return String.valueOf(ids.incrementAndGet());
    }

    /** A client and what testkit configured it with. */
    record DriverHolder(String id, BoltClient client, String uri) {
    }

    /** A session and the managed transaction function in progress. */
    static final class SessionHolder {
        final String id;
        final DriverHolder driver;
        final BoltSession session;
        /** Completed by RetryablePositive/RetryableNegative: the outcome of the current managed-tx attempt. */
        volatile CompletableFuture<Object> txWork;

        SessionHolder(String id, DriverHolder driver, BoltSession session) {
            this.id = id;
            this.driver = driver;
            this.session = session;
        }
    }

    /** An explicit or managed transaction. */
    record TransactionHolder(String id, SessionHolder session, BoltTransaction tx, boolean managed) {
    }

    /** A result cursor, with the query and parameters for the summary. */
    record ResultHolder(String id, ResultCursor cursor, String query, Map<String, Object> parameters) {
    }

    /** Closes every client this connection created (testkit went away or a test ended without closing). */
    void closeAll() {
        List<DriverHolder> open = new ArrayList<>(drivers.values());
        drivers.clear();
        for (DriverHolder driver : open) {
            Thread closer = new Thread(() -> {
                try {
                    driver.client().close();
                } catch (RuntimeException e) {
                    log.debug("closing driver {}: {}", driver.id(), e.toString());
                }
            }, "testkit-close-" + driver.id());
            closer.setDaemon(true);
            closer.start();
        }
    }
}
