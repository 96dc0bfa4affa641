package io.asyncbolt.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The testkit backend: a TCP server on 127.0.0.1 ({@code TEST_BACKEND_PORT}, default 9876) that serves each
 * testkit connection on its own thread.
 */
public final class TestkitBackend {

    private static final Logger log = LoggerFactory.getLogger(TestkitBackend.class);

    private TestkitBackend() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("TEST_BACKEND_PORT", "9876"));
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            log.info("asyncbolt testkit backend listening on 127.0.0.1:{}", port);
            int n = 0;
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Thread thread = new Thread(new TestkitConnection(socket), "testkit-conn-" + (++n));
                thread.setDaemon(true);
                thread.start();
            }
        }
    }
}
