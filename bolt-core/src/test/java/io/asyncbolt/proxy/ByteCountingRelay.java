package io.asyncbolt.proxy;

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
 * A TCP relay on 127.0.0.1 in front of a server that counts the bytes coming back from it, so a test can
 * see how much an upstream sent the proxy. Blocking sockets, two daemon threads per connection.
 */
final class ByteCountingRelay implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final AtomicLong fromServer = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long threshold = Long.MAX_VALUE;
    private volatile CountDownLatch crossed = new CountDownLatch(1);

    ByteCountingRelay(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    long bytesFromServer() {
        return fromServer.get();
    }

    /** A latch counted down once {@code bytes} more than now came back from the server. */
    CountDownLatch whenMoreThan(long bytes) {
        CountDownLatch latch = new CountDownLatch(1);
        crossed = latch;
        threshold = fromServer.get() + bytes;
        return latch;
    }

    private void accept() {
        try {
            while (!listener.isClosed()) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pipe(client, server, false);
                pipe(server, client, true);
            }
        } catch (IOException closed) {
            // the relay was closed
        }
    }

    private void pipe(Socket from, Socket to, boolean count) {
        Thread copier = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (count && fromServer.addAndGet(n) > threshold) {
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
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ByteCountingRelay::closeQuietly);
    }
}
