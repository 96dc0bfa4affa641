package io.asyncbolt.spring.boot.server;

import io.asyncbolt.server.AccessMode;
import io.asyncbolt.server.BoltException;
import io.asyncbolt.server.StatusCodes;
import io.asyncbolt.server.Transaction;
import io.asyncbolt.server.TransactionHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Runs each explicit Bolt transaction (BEGIN ... COMMIT or ROLLBACK, the drivers' {@code executeRead} and
 * {@code executeWrite} among them) in one Spring transaction of a {@link PlatformTransactionManager}:
 * BEGIN starts it (read-only for {@code access_mode: r}, with the client's {@code tx_timeout} as its
 * timeout, named {@code bolt-tx-<id>}), the handler calls of the Bolt transaction take part in it, COMMIT
 * commits it, and ROLLBACK, RESET, the transaction's timeout and a vanished peer roll it back.
 *
 * <p><b>Threads.</b> Spring transaction managers keep a transaction in thread-bound state of the thread
 * that began it: the JDBC connection or JPA {@code EntityManager} ({@code TransactionSynchronizationManager}
 * resources), its synchronizations and read-only flag, and for JTA the transaction manager's own thread
 * association; commit and rollback must run on that thread, and so must every statement meant to take part.
 * The Bolt server, on the other hand, runs each request of a connection on whichever pool thread is free.
 * Rather than moving thread-bound state from thread to thread (which only works for the resources Spring
 * itself binds, not for JTA or libraries with their own thread locals), each Bolt transaction gets a thread
 * of its own for its whole life: BEGIN, every handler call, the reading of lazily produced rows (a
 * {@code Stream} or {@code Iterator} a handler returns), and COMMIT or ROLLBACK run there, one at a time and
 * in the order the client sent them. The thread is taken from a pool that grows with the number of open
 * explicit transactions (at most one per connection) and shrinks when they end. A rollback asked for while a
 * handler call still runs (RESET, timeout, the peer's end) waits for that call to finish; the transaction's
 * Spring timeout lets JDBC statements give up at the client's {@code tx_timeout}. Rows a handler produces on
 * threads of its own (a Reactor {@code Flux}, a {@code CompletionStage} completed elsewhere) are not in the
 * transaction.
 */
public final class SpringTransactionHandler implements TransactionHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpringTransactionHandler.class);
    private static final int ROWS_PER_HOP = 256;

    private final PlatformTransactionManager manager;
    private final ThreadPoolExecutor threads;
    private final Map<String, Scope> open = new ConcurrentHashMap<>();

    /** A handler beginning transactions of {@code manager}. */
    public SpringTransactionHandler(PlatformTransactionManager manager) {
        this.manager = manager;
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "bolt-tx-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The transaction manager whose transactions Bolt transactions run in. */
    public PlatformTransactionManager transactionManager() {
        return manager;
    }

    @Override
    public CompletionStage<Void> begin(Transaction transaction) {
        Scope scope = new Scope(transaction.id());
        try {
            threads.execute(scope::loop);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new BoltException(StatusCodes.DATABASE_UNAVAILABLE,
                    "The server cannot begin a transaction now; retry", e));
        }
        open.put(transaction.id(), scope);
        return scope.submit(() -> {
            scope.status = manager.getTransaction(definition(transaction));
            return null;
        }).<Void>thenApply(ignored -> null).exceptionallyCompose(error -> {
            open.remove(transaction.id());
            scope.end(null);
            return CompletableFuture.failedFuture(translate(unwrap(error)));
        });
    }

    @Override
    public CompletionStage<String> commit(Transaction transaction) {
        Scope scope = open.remove(transaction.id());
        if (scope == null) {
            return CompletableFuture.failedFuture(notOpen(transaction));
        }
        return scope.end(() -> {
            manager.commit(scope.status);
            return null;
        }).<String>thenApply(ignored -> null)
                .exceptionallyCompose(error -> CompletableFuture.failedFuture(translate(unwrap(error))));
    }

    @Override
    public CompletionStage<Void> rollback(Transaction transaction) {
        Scope scope = open.remove(transaction.id());
        if (scope == null) {
            return CompletableFuture.completedFuture(null);
        }
        return scope.end(() -> {
            rollback(scope);
            return null;
        }).thenApply(ignored -> null);
    }

    private void rollback(Scope scope) {
        TransactionStatus status = scope.status;
        if (status != null && !status.isCompleted()) {
            try {
                manager.rollback(status);
            } catch (RuntimeException e) {
                log.warn("Rolling back Bolt transaction {} failed", scope.id, e);
                throw e;
            }
        }
    }

    /**
     * Runs {@code work} on the thread of the open Bolt transaction {@code transaction}, so it takes part in
     * its Spring transaction; fails when the transaction has already ended (rolled back by its timeout).
     */
    <T> CompletionStage<T> call(Transaction transaction, Callable<T> work) {
        Scope scope = open.get(transaction.id());
        if (scope == null) {
            return CompletableFuture.failedFuture(notOpen(transaction));
        }
        return scope.submit(work);
    }

    /**
     * Rows read on the transaction's thread, a batch at a time (the caller waits), so a lazy source such as
     * a JDBC cursor behind a {@code Stream} is read inside the transaction.
     */
    <T> Iterator<T> rows(Transaction transaction, Iterator<T> rows) {
        return new Iterator<>() {
            private final ArrayDeque<T> batch = new ArrayDeque<>();
            private boolean exhausted;

            @Override
            public boolean hasNext() {
                if (batch.isEmpty() && !exhausted) {
                    List<T> next = join(call(transaction, () -> {
                        List<T> read = new ArrayList<>();
                        while (read.size() < ROWS_PER_HOP && rows.hasNext()) {
                            read.add(rows.next());
                        }
                        return read;
                    }));
                    batch.addAll(next);
                    exhausted = next.size() < ROWS_PER_HOP;
                }
                return !batch.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.poll();
            }
        };
    }

    /** Whether {@code transaction} runs in a Spring transaction of this handler. */
    boolean isOpen(Transaction transaction) {
        return transaction != null && open.containsKey(transaction.id());
    }

    /** Rolls back the transactions still open (their clients are gone with the server) and stops the threads. */
    @Override
    public void close() {
        List<CompletableFuture<?>> endings = new ArrayList<>();
        for (String id : List.copyOf(open.keySet())) {
            Scope scope = open.remove(id);
            if (scope != null) {
                endings.add(scope.end(() -> {
                    rollback(scope);
                    return null;
                }));
            }
        }
        try {
            CompletableFuture.allOf(endings.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Rolling back the open Bolt transactions at shutdown did not finish", e);
        }
        threads.shutdown();
    }

    private static TransactionDefinition definition(Transaction transaction) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setName("bolt-tx-" + transaction.id());
        definition.setReadOnly(transaction.context().accessMode() == AccessMode.READ);
        Duration timeout = transaction.context().txTimeout();
        if (timeout != null && !timeout.isZero() && !timeout.isNegative()) {
            long seconds = (timeout.toMillis() + 999) / 1000;
            definition.setTimeout((int) Math.min(Integer.MAX_VALUE, seconds));
        }
        return definition;
    }

    /** What a client sees when beginning or ending the Spring transaction fails. */
    static Throwable translate(Throwable error) {
        if (error instanceof BoltException) {
            return error;
        }
        if (error instanceof TransactionTimedOutException) {
            return new BoltException(StatusCodes.TRANSACTION_TIMED_OUT, "The transaction has not completed within "
                    + "its timeout and has been rolled back. Retry your operation in a new transaction.", error);
        }
        if (error instanceof UnexpectedRollbackException) {
            return new BoltException("Neo.ClientError.Transaction.TransactionMarkedAsFailed", "The application "
                    + "marked the transaction rollback-only; it has been rolled back", error);
        }
        if (error instanceof CannotCreateTransactionException) {
            return new BoltException(StatusCodes.DATABASE_UNAVAILABLE, "The transaction could not begin; retry",
                    error);
        }
        return ExceptionHandlers.translate(error);
    }

    private static BoltException notOpen(Transaction transaction) {
        return new BoltException("Neo.ClientError.Transaction.TransactionNotFound", "Transaction "
                + transaction.id() + " is no longer open (rolled back)");
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** One Bolt transaction's thread: runs its tasks one at a time, in order, until the last one. */
    private static final class Scope {

        private static final Runnable END = () -> { };

        final String id;
        private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
        private boolean ended;
        /** Written and read on the scope's thread only (the queue orders the tasks). */
        TransactionStatus status;

        Scope(String id) {
            this.id = id;
        }

        void loop() {
            try {
                for (Runnable task = tasks.take(); task != END; task = tasks.take()) {
                    task.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized <T> CompletableFuture<T> submit(Callable<T> work) {
            CompletableFuture<T> result = new CompletableFuture<>();
            if (ended) {
                result.completeExceptionally(new BoltException("Neo.ClientError.Transaction.TransactionNotFound",
                        "Transaction " + id + " is no longer open (rolled back)"));
                return result;
            }
            tasks.add(() -> {
                try {
                    result.complete(work.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            return result;
        }

        /** Runs {@code last} (if any) after everything submitted, then lets the thread go. */
        synchronized CompletableFuture<Void> end(Callable<Void> last) {
            CompletableFuture<Void> result = last == null ? CompletableFuture.completedFuture(null) : submit(last);
            if (!ended) {
                ended = true;
                tasks.add(END);
            }
            return result;
        }
    }
}
