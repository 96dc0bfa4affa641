package io.asyncbolt.proxy;

import io.asyncbolt.server.AccessMode;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every statement the proxy handled, once it ended, and every transaction the policy refused at BEGIN. Called on network or handler threads: must be
 * fast and must not block (hand events to a queue to write them elsewhere).
 */
@FunctionalInterface
public interface ProxyAuditListener {

    /** Hears nothing. */
    ProxyAuditListener NONE = event -> { };

    void statement(Event event);

    /**
     * Logs each event at INFO on the logger {@code io.asyncbolt.proxy.audit} (user, database, mode, outcome,
     * code, records, duration; the statement text at DEBUG only).
     */
    static ProxyAuditListener slf4j() {
        Logger log = LoggerFactory.getLogger("io.asyncbolt.proxy.audit");
        return event -> {
            if (log.isDebugEnabled()) {
                log.debug("user={} db={} mode={} outcome={} code={} records={} duration={}ms statement={}",
                        event.user(), event.database(), event.mode(), event.outcome(), event.code(), event.records(),
                        event.duration().toMillis(), event.statement());
            } else {
                log.info("user={} db={} mode={} outcome={} code={} records={} duration={}ms", event.user(),
                        event.database(), event.mode(), event.outcome(), event.code(), event.records(),
                        event.duration().toMillis());
            }
        };
    }

    /** This listener, then {@code next}. */
    default ProxyAuditListener andThen(ProxyAuditListener next) {
        return event -> {
            statement(event);
            next.statement(event);
        };
    }

    /** How a statement ended. */
    enum Outcome {
        /** Every record was sent (or the client discarded them). */
        SUCCEEDED,
        /** The upstream (or the way there) failed it. */
        FAILED,
        /** The policy refused it. */
        REFUSED,
        /** The client reset or went away before the end. */
        CANCELLED
    }

    /**
     * @param user          the downstream user's name
     * @param database      the database, or null for the home database
     * @param mode          the access mode it ran in (after the policy)
     * @param statement     the statement as run upstream (after the policy); null for a transaction's BEGIN that
     *                      the policy refused
     * @param inTransaction whether it ran in an explicit transaction
     * @param duration      from the RUN to the end of its records
     * @param outcome       how it ended
     * @param code          the Neo4j status code of a failure or refusal, else null
     * @param records       how many records the proxy passed on to the client
     */
    record Event(String user, String database, AccessMode mode, String statement, boolean inTransaction,
            Duration duration, Outcome outcome, String code, long records) {
    }
}
