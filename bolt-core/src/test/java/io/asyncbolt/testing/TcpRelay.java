package io.asyncbolt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a server, that a test can {@link #kill()}: the port stops listening and
 * every connection through it is cut at once, as when the machine behind it dies; it counts the bytes coming
 * back from the server. Blocking sockets, two daemon threads per connection.
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile int target;
    private final AtomicLong fromServer = new AtomicLong();
    private volatile long threshold = Long.MAX_VALUE;
    private volatile CountDownLatch crossed = new CountDownLatch(1);

    /** Listens on an ephemeral port; connections go to the {@link #target(int)} port. */
    public TcpRelay() throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Listens on an ephemeral port; connections go to {@code targetPort}. */
    public TcpRelay(int targetPort) throws IOException {
        this();
        target(targetPort);
    }

    /** The port connections are relayed to. */
    public void target(int port) {
        this.target = port;
    }

    /** Bytes the server sent through the relay so far. */
    public long bytesFromServer() {
        return fromServer.get();
    }

    /** A latch counted down once {@code bytes} more than now came back from the server. */
    public CountDownLatch whenMoreThan(long bytes) {
        CountDownLatch latch = new CountDownLatch(1);
        crossed = latch;
        threshold = fromServer.get() + bytes;
        return latch;
    }

    /** Stops listening and cuts every connection, without a word to either side. */
    public void kill() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(TcpRelay::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server, false);
                pipe(server, client, true);
            } catch (IOException refused) {
                closeQuietly(client);
            }
        }
    }

    private void pipe(Socket from, Socket to, boolean fromTheServer) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (fromTheServer && fromServer.addAndGet(n) > threshold) {
                        crossed.countDown();
                    }
                }
            } catch (IOException ended) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-copy");
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        kill();
    }
}
