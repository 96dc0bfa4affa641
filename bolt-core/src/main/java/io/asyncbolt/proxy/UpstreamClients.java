package io.asyncbolt.proxy;

import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClient;
import io.asyncbolt.client.ClientConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream clients of a proxy, one per credential set, least recently used first; beyond the limit
 * the eldest is dropped and closed once no unit of work holds it any more.
 */
final class UpstreamClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamClients.class);

    /** A unit of work's hold on a client; {@link #release()} once, when the work ended. */
    static final class Lease {
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Entry entry) {
            this.entry = entry;
        }

        BoltClient client() {
            return entry.client;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                entry.owner.released(entry);
            }
        }
    }

    private static final class Entry {
        final UpstreamClients owner;
        final BoltClient client;
        int leases;
        boolean dropped;

        Entry(UpstreamClients owner, BoltClient client) {
            this.owner = owner;
            this.client = client;
        }
    }

    private final String uri;
    private final ClientConfig config;
    private final int maxClients;
    private final LinkedHashMap<Map<String, Object>, Entry> clients = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;
    private BoltClient verifier;

    UpstreamClients(String uri, ClientConfig config, int maxClients) {
        this.uri = uri;
        this.config = config;
        this.maxClients = maxClients;
    }

    /** A hold on the client for {@code token}, created on first use. */
    Lease lease(AuthToken token) {
        List<BoltClient> toClose = new ArrayList<>();
        Lease lease;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The proxy is closed");
            }
            Entry entry = clients.get(token.fields());
            if (entry == null) {
                entry = new Entry(this, BoltClient.create(uri, token, config));
                clients.put(token.fields(), entry);
                Iterator<Entry> eldest = clients.values().iterator();
                while (clients.size() > maxClients && eldest.hasNext()) {
                    Entry old = eldest.next();
                    if (old == entry) {
                        break;
                    }
                    eldest.remove();
                    old.dropped = true;
                    if (old.leases == 0) {
                        toClose.add(old.client);
                    }
                }
            }
            entry.leases++;
            lease = new Lease(entry);
        }
        toClose.forEach(UpstreamClients::closeLater);
        return lease;
    }

    /**
     * A client kept apart for checking credentials ({@link BoltClient#verifyAuthentication}), so that refused
     * ones never take a place in the cache.
     */
    synchronized BoltClient verifier() {
        if (closed) {
            throw new IllegalStateException("The proxy is closed");
        }
        if (verifier == null) {
            verifier = BoltClient.create(uri, AuthToken.none(), config);
        }
        return verifier;
    }

    /** How many clients are kept (dropped ones still in use not counted). */
    synchronized int size() {
        return clients.size();
    }

    private void released(Entry entry) {
        boolean close;
        synchronized (this) {
            entry.leases--;
            close = entry.dropped && entry.leases == 0;
        }
        if (close) {
            closeLater(entry.client);
        }
    }

    @Override
    public void close() {
        List<Entry> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(clients.values());
            clients.clear();
        }
        all.forEach(e -> closeQuietly(e.client));
        BoltClient check;
        synchronized (this) {
            check = verifier;
            verifier = null;
        }
        if (check != null) {
            closeQuietly(check);
        }
    }

    /** Closes off the caller's thread: a release may run on a network thread of the client itself. */
    private static void closeLater(BoltClient client) {
        Thread closer = new Thread(() -> closeQuietly(client), "bolt-proxy-client-close");
        closer.setDaemon(true);
        closer.start();
    }

    private static void closeQuietly(BoltClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            log.warn("Closing an upstream client failed", e);
        }
    }
}
