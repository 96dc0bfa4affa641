package io.asyncbolt.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.asyncbolt.client.AuthToken;
import io.asyncbolt.client.BoltClientException;
import io.asyncbolt.client.NotificationConfig;
import io.asyncbolt.fuzz.FuzzSupport.Input;
import io.asyncbolt.fuzz.FuzzSupport.TrackingAllocator;
import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.internal.protocol.MessageEncoder;
import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The client reading a hostile server: the handlers {@code ClientConnection} installs after a negotiated
 * handshake (chunk decoder, message codec, its dispatcher) on an {@link EmbeddedChannel}; the connection
 * authenticates (HELLO, LOGON from 5.1) and pipelines RUN, PULL, BEGIN and RESET, then reads arbitrary
 * server bytes, split at fuzzer-chosen sizes, and is closed. The package-private client classes are
 * reached by reflection (the client API offers no way to put a connection on a channel of one's own).
 *
 * <p>Every pending request must end exactly once (success, failure or ignored), every failure must be a
 * {@link BoltClientException} that does not hide a runtime bug of the client (a {@code ClassCast},
 * {@code NullPointer}, {@code IndexOutOfBounds}... as its cause), the authentication must be settled once
 * the connection is closed, nothing escapes the pipeline, and no buffer is left.
 *
 * <p>Input: {@code [u8 version][u8 requests mask][u8 fragment size, 0 = one write][server bytes...]}.
 */
class ClientDecodingFuzzTest {

    private static final Class<?> CONNECTION;
    private static final Constructor<?> NEW_CONNECTION;
    private static final Constructor<?> NEW_DISPATCHER;
    private static final Method AUTHENTICATE;
    private static final Method SEND;
    private static final Class<?> RESPONSE_HANDLER;

    static {
        try {
            CONNECTION = Class.forName("io.asyncbolt.client.ClientConnection");
            NEW_CONNECTION = CONNECTION.getDeclaredConstructor(Channel.class, BoltProtocol.class, String.class,
                    Clock.class);
            NEW_DISPATCHER = Class.forName("io.asyncbolt.client.ClientConnection$Dispatcher")
                    .getDeclaredConstructor(CONNECTION);
            AUTHENTICATE = CONNECTION.getDeclaredMethod("authenticate", String.class, AuthToken.class, Map.class,
                    NotificationConfig.class);
            RESPONSE_HANDLER = Class.forName("io.asyncbolt.client.ResponseHandler");
            SEND = CONNECTION.getDeclaredMethod("send", Request.class, RESPONSE_HANDLER);
            for (java.lang.reflect.AccessibleObject o : List.of(NEW_CONNECTION, NEW_DISPATCHER, AUTHENTICATE, SEND)) {
                o.setAccessible(true);
            }
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest
    void serverBytes(byte[] data) throws Throwable {
        FuzzSupport.assertNoReports();
        Input input = new Input(data);
        BoltVersion version = BoltVersion.ALL.get(input.u8() % BoltVersion.ALL.size());
        int mask = input.u8();
        int fragment = input.u8();
        byte[] stream = input.rest();

        BoltProtocol protocol = BoltProtocol.forVersion(version);
        EmbeddedChannel ch = FuzzSupport.channel(alloc);
        Object connection = NEW_CONNECTION.newInstance(ch, protocol, "fuzz:7687", Clock.systemUTC());
        ch.pipeline().addLast("chunks", new ChunkDecoder());
        ch.pipeline().addLast("decoder", new MessageDecoder(protocol));
        ch.pipeline().addLast("encoder", new MessageEncoder(protocol));
        ch.pipeline().addLast("dispatcher", (ChannelHandler) NEW_DISPATCHER.newInstance(connection));
        List<Pending> pending = new ArrayList<>();
        try {
            CompletableFuture<?> auth = ((CompletionStage<?>) call(AUTHENTICATE, connection, "fuzz/1.0",
                    AuthToken.basic("u", "p"), (mask & 1) != 0 ? Map.of("address", "fuzz:7687") : null,
                    NotificationConfig.DEFAULT)).toCompletableFuture();
            ch.runPendingTasks();
            if ((mask & 2) != 0) {
                send(connection, pending, new RunMessage("RETURN 1", Map.of(), Map.of()));
                send(connection, pending, new PullMessage(-1, PullMessage.LAST_QUERY));
            }
            if ((mask & 4) != 0) {
                send(connection, pending, new BeginMessage(Map.of()));
                send(connection, pending, new RunMessage("RETURN 2", Map.of(), Map.of()));
                send(connection, pending, new PullMessage(1, 0));
            }
            if ((mask & 8) != 0) {
                send(connection, pending, ResetMessage.INSTANCE);
            }
            ch.runPendingTasks();
            FuzzSupport.drain(ch); // the requests' bytes

            int step = fragment == 0 ? Math.max(stream.length, 1) : fragment;
            for (int off = 0; off < stream.length && ch.isOpen(); off += step) {
                ch.writeInbound(alloc.copyOf(stream, off, Math.min(step, stream.length - off)));
                ch.runPendingTasks();
                FuzzSupport.drain(ch);
            }
            ch.close();
            ch.runPendingTasks();

            if (!auth.isDone()) {
                throw new AssertionError("the authentication is not settled after the connection closed");
            }
            try {
                auth.join();
            } catch (CompletionException e) {
                check(e.getCause(), "authentication");
            }
            for (Pending p : pending) {
                if (p.outcomes.size() != 1) {
                    throw new AssertionError(p.request + " ended " + p.outcomes.size() + " times: " + p.outcomes);
                }
                Object outcome = p.outcomes.get(0);
                if (outcome instanceof Throwable t) {
                    check(t, p.request.toString());
                }
            }
        } finally {
            ch.close();
            ch.runPendingTasks();
            FuzzSupport.drain(ch);
        }
        ch.finishAndReleaseAll();
        alloc.assertAllReleased();
    }

    /** A failure must be the client's own exception, not a runtime bug dressed up as a connection failure. */
    private static void check(Throwable error, String what) {
        if (!(error instanceof BoltClientException)) {
            throw new AssertionError(what + " failed with " + error, error);
        }
        for (Throwable c = error.getCause(); c != null; c = c.getCause()) {
            if (c instanceof ClassCastException || c instanceof NullPointerException
                    || c instanceof IndexOutOfBoundsException || c instanceof IllegalStateException
                    || c instanceof UnsupportedOperationException || c instanceof ArrayStoreException
                    || c instanceof NegativeArraySizeException || c instanceof VirtualMachineError) {
                throw new AssertionError(what + " failed with a runtime bug inside: " + error, error);
            }
        }
    }

    private static void send(Object connection, List<Pending> pending, Request request) throws Throwable {
        Pending p = new Pending(request);
        pending.add(p);
        Object handler = Proxy.newProxyInstance(RESPONSE_HANDLER.getClassLoader(), new Class<?>[] {RESPONSE_HANDLER},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "onRecord" -> {
                            if (args[0] == null) {
                                throw new AssertionError("null record");
                            }
                        }
                        case "onSuccess" -> p.outcomes.add(args[0] == null ? new AssertionError("null metadata") : "success");
                        case "onFailure" -> p.outcomes.add(args[0] == null ? new AssertionError("null failure") : args[0]);
                        case "onIgnored" -> p.outcomes.add("ignored");
                        case "toString" -> {
                            return "handler of " + request;
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        default -> throw new AssertionError("unexpected call " + method);
                    }
                    return null;
                });
        call(SEND, connection, request, handler);
    }

    private static Object call(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class Pending {
        final Request request;
        final List<Object> outcomes = new ArrayList<>();

        Pending(Request request) {
            this.request = request;
        }
    }
}
