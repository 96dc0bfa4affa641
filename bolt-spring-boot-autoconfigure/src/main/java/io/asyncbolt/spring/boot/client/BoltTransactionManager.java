package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.BlockingSession;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.BoltTransaction;
import io.asyncbolt.client.SessionConfig;
import io.asyncbolt.client.TransactionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Spring transactions over Bolt: {@code @Transactional} methods run their {@link BoltTemplate} queries in
 * one Bolt transaction, committed or rolled back with the method. Read-only definitions open read
 * transactions (routed to readers), timeouts become {@code tx_timeout}. No nesting or savepoints.
 */
public class BoltTransactionManager extends AbstractPlatformTransactionManager {

    private final BoltClient client;
    private final String database;

    public BoltTransactionManager(BoltClient client, String database) {
        this.client = client;
        this.database = database;
    }

    /** The transaction bound to the current thread for {@code client}, or null. */
    static BoltTransaction current(BoltClient client) {
        Object holder = TransactionSynchronizationManager.getResource(client);
        return holder instanceof Holder h ? h.transaction : null;
    }

    @Override
    protected Object doGetTransaction() {
        return new TransactionObject((Holder) TransactionSynchronizationManager.getResource(client));
    }

    @Override
    protected boolean isExistingTransaction(Object transaction) {
        return ((TransactionObject) transaction).holder != null;
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {
        SessionConfig config = new SessionConfig(database, definition.isReadOnly(), List.of(), 0, null);
        Duration timeout = definition.getTimeout() == TransactionDefinition.TIMEOUT_DEFAULT ? null
                : Duration.ofSeconds(definition.getTimeout());
        BoltTransaction tx;
        try {
            tx = BlockingSession.await(client.session(config).beginTransaction(new TransactionConfig(timeout, Map.of())));
        } catch (RuntimeException e) {
            throw BoltTemplate.translate(e);
        }
        Holder holder = new Holder(tx);
        ((TransactionObject) transaction).holder = holder;
        TransactionSynchronizationManager.bindResource(client, holder);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        try {
            BlockingSession.await(((TransactionObject) status.getTransaction()).holder.transaction.commit());
        } catch (RuntimeException e) {
            throw BoltTemplate.translate(e);
        }
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        try {
            io.asyncbolt.client.BoltTransaction transaction = ((TransactionObject) status.getTransaction()).holder.transaction;
            if (transaction.isOpen()) {
                BlockingSession.await(transaction.rollback());
            }
        } catch (RuntimeException e) {
            throw BoltTemplate.translate(e);
        }
    }

    @Override
    protected void doCleanupAfterCompletion(Object transaction) {
        TransactionSynchronizationManager.unbindResourceIfPossible(client);
        ((TransactionObject) transaction).holder = null;
    }

    private record Holder(BoltTransaction transaction) {
    }

    private static final class TransactionObject {
        Holder holder;

        TransactionObject(Holder holder) {
            this.holder = holder;
        }
    }
}
