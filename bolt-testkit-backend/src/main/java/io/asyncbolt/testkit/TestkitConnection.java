package io.asyncbolt.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One testkit connection (testkit opens one per test): this thread reads line-framed requests
 * ({@code #request begin} / JSON / {@code #request end}) and queues them; a worker thread hands them, one
 * at a time and in order, to the {@link Dispatcher}. The answers to callbacks ({@link Callbacks#ANSWERS})
 * are not queued: this thread hands them to {@link Callbacks} at once, since the driver operation waiting
 * for them holds the worker. When testkit hangs up, every client the connection
 * created is closed at once, so a request stuck on a hanging client is released and the stub server of
 * the test can end.
 */
final class TestkitConnection implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TestkitConnection.class);
    private static final Map<String, Object> END = Map.of();

    private final Socket socket;

    TestkitConnection(Socket socket) {
        this.socket = socket;
    }

    @Override
    public void run() {
        BackendState state = new BackendState();
        BlockingQueue<Map<String, Object>> requests = new LinkedBlockingQueue<>();
        Callbacks callbacks = null;
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            ResponseWriter out = new ResponseWriter(socket.getOutputStream());
            callbacks = new Callbacks(out, state::newId, Thread.currentThread().getName());
            Dispatcher dispatcher = new Dispatcher(state, out, callbacks);
            Thread worker = new Thread(() -> work(requests, dispatcher), Thread.currentThread().getName() + "-worker");
            worker.setDaemon(true);
            worker.start();
            StringBuilder request = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("#request begin")) {
                    request = new StringBuilder();
                } else if (line.equals("#request end")) {
                    if (request == null) {
                        out.write(Responses.backendError("#request end without #request begin"));
                        continue;
                    }
                    String json = request.toString();
                    request = null;
                    Map<String, Object> parsed;
                    try {
                        parsed = Json.parse(json);
                    } catch (RuntimeException e) {
                        out.write(Responses.backendError("Cannot parse request: " + e.getMessage()));
                        continue;
                    }
                    String name = String.valueOf(parsed.get("name"));
                    if (Callbacks.isAnswer(name)) {
                        callbacks.complete(name, parsed.get("data") instanceof Map<?, ?> d ? data(d) : Map.of());
                    } else {
                        requests.add(parsed);
                    }
                } else if (request != null) {
                    request.append(line).append('\n');
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("testkit connection ended: {}", e.toString());
        } finally {
            requests.add(END);
            if (callbacks != null) {
                callbacks.closeAll();
            }
            state.closeAll();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<?, ?> data) {
        return (Map<String, Object>) data;
    }

    private static void work(BlockingQueue<Map<String, Object>> requests, Dispatcher dispatcher) {
        try {
            while (true) {
                Map<String, Object> request = requests.take();
                if (request == END) {
                    return;
                }
                try {
                    dispatcher.dispatch(request);
                } catch (RuntimeException e) {
                    // testkit went away while we answered
                    log.debug("cannot answer: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
