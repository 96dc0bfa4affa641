package io.asyncbolt.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Questions the backend asks testkit on behalf of the client (resolver, bookmark manager and auth token
 * manager callbacks): a response such as {@code ResolverResolutionRequired {id, ...}} goes out, and the
 * matching {@code ...Completed {requestId, ...}} request completes the pending answer. Those requests are
 * handed over by the connection's reader thread ({@link #complete}), never queued behind the driver
 * operation that waits for them. Thread-safe: callbacks come from the worker and from the client's threads.
 */
final class Callbacks {

    private static final Logger log = LoggerFactory.getLogger(Callbacks.class);

    /** The requests that answer a callback; no response is written for them. */
    static final Set<String> ANSWERS = Set.of(
            "ResolverResolutionCompleted",
            "DomainNameResolutionCompleted",
            "BookmarksSupplierCompleted",
            "BookmarksConsumerCompleted",
            "AuthTokenManagerGetAuthCompleted",
            "AuthTokenManagerHandleSecurityExceptionCompleted",
            "BasicAuthTokenProviderCompleted",
            "BearerAuthTokenProviderCompleted");

    /** Longer than testkit waits for any answer, so a lost callback shows as a failed test, not a hang. */
    private static final long TIMEOUT_SECONDS = 120;

    private final ResponseWriter out;
    private final Supplier<String> ids;
    private final Map<String, CompletableFuture<Request>> pending = new ConcurrentHashMap<>();
    private final ExecutorService completer;
    private volatile boolean closed;

    Callbacks(ResponseWriter out, Supplier<String> ids, String name) {
        this.out = out;
        this.ids = ids;
        AtomicInteger n = new AtomicInteger();
        this.completer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static boolean isAnswer(String requestName) {
        return ANSWERS.contains(requestName);
    }

    /**
     * Writes the callback response {@code name} with a fresh {@code id} and {@code data}; the stage
     * completes with the data of testkit's answer.
     */
    CompletableFuture<Request> ask(String name, Map<String, Object> data) {
        String id = ids.get();
        CompletableFuture<Request> answer = new CompletableFuture<>();
        if (closed) {
            answer.completeExceptionally(new Errors.UnsupportedByClientException("testkit went away"));
            return answer;
        }
        pending.put(id, answer);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.putAll(data);
        try {
            out.write(Responses.of(name, body));
        } catch (RuntimeException e) {
            pending.remove(id);
            answer.completeExceptionally(e);
        }
        return answer.orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .whenComplete((r, e) -> pending.remove(id));
    }

    /** {@link #ask}, waiting for the answer (for the client's synchronous callbacks). */
    Request askAndWait(String name, Map<String, Object> data) {
        return Await.result(ask(name, data));
    }

    /** Testkit answered: completes the callback {@code requestId} (called on the reader thread). */
    void complete(String requestName, Map<String, Object> data) {
        Object requestId = data.get("requestId");
        CompletableFuture<Request> answer = requestId == null ? null : pending.remove(String.valueOf(requestId));
        if (answer == null) {
            log.warn("{} for unknown callback {}", requestName, requestId);
            return;
        }
        Request request = new Request(data);
        completer.execute(() -> answer.complete(request));
    }

    /** Testkit went away: every callback still waiting fails. */
    void closeAll() {
        closed = true;
        for (CompletableFuture<Request> answer : pending.values()) {
            answer.completeExceptionally(new Errors.UnsupportedByClientException("testkit went away"));
        }
        pending.clear();
        completer.shutdown();
    }
}
