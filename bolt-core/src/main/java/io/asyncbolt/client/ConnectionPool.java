package io.asyncbolt.client;

import io.asyncbolt.internal.EventLoops;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Connections to one server: at most {@code maxPoolSize}, a bounded queue of waiters with an acquisition
 * timeout, connections past their lifetime or broken are closed instead of reused, connections idle for
 * longer than the liveness threshold are checked with RESET first, and connections returned dirty are
 * reset before the next caller gets them.
 */
final class ConnectionPool {

    private final String address;
    private final ClientConfig config;
    private final Factory factory;

    /** Opens a connection authenticated with {@code token}; {@code managed}: the token is the client's own. */
    @FunctionalInterface
    interface Factory {
        CompletionStage<ClientConnection> open(AuthToken token, boolean managed);
    }
    private final EventExecutor timer;
    /**
     * Network threads shared with a server (or null): a caller on one of them gets a connection on its own
     * thread, an idle one or, while the pool has room, a new one, so its work never changes threads.
     */
    private final io.netty.channel.EventLoopGroup sharedThreads;
    private final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Every open connection, idle or in use, so that closing the pool closes them all. */
    private final java.util.Set<ClientConnection> all = new java.util.HashSet<>();
    /** Connections that may finish their work but are not reused (the server expired their authorization). */
    private final java.util.Set<ClientConnection> stale = new java.util.HashSet<>();
    private int total;
    private int inUse;
    private boolean closed;

    private static final class Waiter {
        final CompletableFuture<ClientConnection> future = new CompletableFuture<>();
        final AuthToken token;
        final boolean managed;
        ScheduledFuture<?> timeout;

        Waiter(AuthToken token, boolean managed) {
            this.token = token;
            this.managed = managed;
        }
    }

    /** {@code factory} opens a connection authenticated with the given token. */
    ConnectionPool(String address, ClientConfig config,
            Factory factory,
            EventExecutor timer, io.netty.channel.EventLoopGroup sharedThreads) {
        this.sharedThreads = sharedThreads;
        this.address = address;
        this.config = config;
        this.factory = factory;
        this.timer = timer;
    }

    String address() {
        return address;
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int idle() {
        return idle.size();
    }

    synchronized int pending() {
        return waiters.size();
    }

    /**
     * A pooled connection, or a new one authenticated with {@code token} (a pooled one may have
     * authenticated with another token: the caller re-authenticates it).
     */
    CompletionStage<ClientConnection> acquire(AuthToken token, boolean managed) {
        ClientConnection reusable;
        boolean open = false;
        Waiter waiter = null;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new BoltClientException.ServiceUnavailable("The client is closed", null));
            }
            reusable = sharedThreads != null ? pollOnCallerThread() : pollReusable();
            if (reusable != null) {
                inUse++;
            } else if (total < config.maxPoolSize()) {
                total++;
                inUse++;
                open = true;
            } else if (waiters.size() >= config.maxWaiters()) {
                return CompletableFuture.failedFuture(new BoltClientException.ClientError("N/A",
                        "Connection pool for " + address + " is full and " + waiters.size() + " callers already wait",
                        null));
            } else {
                waiter = new Waiter(token, managed);
                Waiter w = waiter;
                w.timeout = timer.schedule(() -> {
                    synchronized (this) {
                        waiters.remove(w);
                    }
                    w.future.completeExceptionally(new BoltClientException.ClientError("N/A",
                            "Unable to acquire a connection to " + address + " within " + config.acquisitionTimeout(),
                            null));
                }, config.acquisitionTimeout().toMillis(), TimeUnit.MILLISECONDS);
                waiters.add(waiter);
            }
        }
        if (reusable != null) {
            return check(reusable, token, managed);
        }
        if (open) {
            return openNew(token, managed);
        }
        return waiter.future;
    }

    /** Gives a connection back; {@code dirty} when it may be in a failed or streaming state. */
    void release(ClientConnection connection, boolean dirty) {
        connection.touch();
        if (dirty && connection.isOpen()) {
            connection.reset().whenComplete((v, e) -> release(connection, false));
            return;
        }
        Waiter waiter = null;
        boolean discard = !connection.isOpen() || expired(connection);
        boolean openForWaiter = false;
        synchronized (this) {
            discard |= stale.remove(connection);
            inUse--;
            if (discard || closed) {
                total--;
                discard = true;
                if (!closed && !waiters.isEmpty()) {
                    waiter = waiters.poll();
                    total++;
                    inUse++;
                    openForWaiter = true;
                }
            } else if (!waiters.isEmpty()) {
                waiter = waiters.poll();
                inUse++;
            } else {
                idle.push(connection);
            }
        }
        if (discard) {
            forget(connection);
            connection.close();
        }
        if (waiter != null) {
            waiter.timeout.cancel(false);
            Waiter w = waiter;
            CompletionStage<ClientConnection> next = openForWaiter ? openNew(w.token, w.managed)
                    : CompletableFuture.completedFuture(connection);
            next.whenComplete((c, e) -> {
                if (e != null) {
                    w.future.completeExceptionally(e);
                } else if (!w.future.complete(c)) {
                    release(c, false);
                }
            });
        }
    }

    /** Says GOODBYE to every connection, idle or in use, and closes them; waiters fail. */
    CompletionStage<Void> close() {
        List<ClientConnection> toClose;
        List<Waiter> toFail;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(all);
            all.clear();
            total -= idle.size();
            idle.clear();
            toFail = new ArrayList<>(waiters);
            waiters.clear();
        }
        for (Waiter w : toFail) {
            w.future.completeExceptionally(new BoltClientException.ServiceUnavailable("The client is closed", null));
        }
        return CompletableFuture.allOf(toClose.stream().map(c -> c.goodbye().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /**
     * An idle connection on the caller's thread; when there is none, a new one (null) while the pool has room
     * and the caller is one of the shared threads, else any idle one. The idle connections are looked at first,
     * so a caller that finds its own does not walk the group.
     */
    private ClientConnection pollOnCallerThread() {
        java.util.Iterator<ClientConnection> it = idle.iterator();
        while (it.hasNext()) {
            ClientConnection c = it.next();
            if (!c.onCallerThread()) {
                continue;
            }
            it.remove();
            if (c.isOpen() && !expired(c) && !stale.remove(c)) {
                return c;
            }
            total--;
            forget(c);
            c.close();
        }
        boolean openOnCallerThread = total < config.maxPoolSize() && EventLoops.callerLoop(sharedThreads) != null;
        return openOnCallerThread ? null : pollReusable();
    }

    private ClientConnection pollReusable() {
        ClientConnection c;
        while ((c = idle.poll()) != null) {
            if (c.isOpen() && !expired(c) && !stale.remove(c)) {
                return c;
            }
            total--;
            forget(c);
            c.close();
        }
        return null;
    }

    /**
     * The server expired the authorization of a connection: like the official drivers, every connection open
     * now finishes the work it has and then logs on again before its next use (LOGOFF/LOGON, Bolt 5.1+) or,
     * below Bolt 5.1, is closed instead of reused.
     */
    synchronized void markAllStale() {
        for (ClientConnection c : all) {
            if (c.supportsReauth()) {
                c.requireReauthentication();
            } else {
                stale.add(c);
            }
        }
    }

    private synchronized void forget(ClientConnection connection) {
        all.remove(connection);
        stale.remove(connection);
    }

    private boolean expired(ClientConnection c) {
        return config.maxConnectionLifetime() != null && !config.maxConnectionLifetime().isZero()
                && config.clock().millis() - c.createdMillis() > config.maxConnectionLifetime().toMillis();
    }

    /**
     * Checks a long-idle connection with RESET; a dead one is closed and the next idle connection tried in its
     * place, or a new one opened when none is left.
     */
    private CompletionStage<ClientConnection> check(ClientConnection c, AuthToken token, boolean managed) {
        boolean idleTooLong = config.livenessCheckAfter() != null
                // >=: a threshold of 0 checks every reuse, however soon
                && config.clock().millis() - c.lastUsedMillis() >= config.livenessCheckAfter().toMillis();
        if (!idleTooLong) {
            return c.asCompleted();
        }
        return c.reset().handle((v, e) -> e).thenCompose(e -> {
            if (e == null) {
                return CompletableFuture.completedFuture(c);
            }
            forget(c);
            c.close();
            // like the official drivers: the next idle connection is tried (and checked) before a new one
            ClientConnection next;
            synchronized (this) {
                next = closed ? null : pollReusable();
                if (next != null) {
                    total--; // the dead one's slot is given up: the next idle one has its own
                }
            }
            return next != null ? check(next, token, managed) : openNew(token, managed); // or: its slot, new
        });
    }

    private CompletionStage<ClientConnection> openNew(AuthToken token, boolean managed) {
        return factory.open(token, managed).whenComplete((c, e) -> {
            if (e == null) {
                boolean late;
                synchronized (this) {
                    late = closed;
                    if (!late) {
                        all.add(c);
                    }
                }
                if (late) {
                    c.close(); // opened while the pool closed
                }
            }
            if (e != null) {
                boolean serveWaiter;
                Waiter next = null;
                synchronized (this) {
                    total--;
                    inUse--;
                    serveWaiter = false;
                    if (!waiters.isEmpty() && total < config.maxPoolSize()) {
                        next = waiters.poll();
                        total++;
                        inUse++;
                        serveWaiter = true;
                    }
                }
                if (serveWaiter) {
                    Waiter w = next;
                    w.timeout.cancel(false);
                    openNew(w.token, w.managed).whenComplete((c2, e2) -> {
                        if (e2 != null) {
                            w.future.completeExceptionally(e2);
                        } else {
                            w.future.complete(c2);
                        }
                    });
                }
            }
        });
    }
}
