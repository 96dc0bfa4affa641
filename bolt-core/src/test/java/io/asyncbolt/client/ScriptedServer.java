package io.asyncbolt.client;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.internal.protocol.MessageEncoder;
import io.asyncbolt.internal.protocol.ServerHandshakeHandler;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A scripted Bolt server for client conformance tests, made of the wire layer only: it answers HELLO,
 * LOGON, LOGOFF and RESET itself, passes every other request to a {@link Script}, and keeps the whole
 * conversation (what each connection received) so a test can assert what the client sent. Binds
 * 127.0.0.1 on an ephemeral port.
 */
final class ScriptedServer implements AutoCloseable {

    /**
     * Answers one request with messages, or {@code byte[]} message bodies sent as they are (chunked); an
     * empty list answers nothing (for HELLO, LOGON, LOGOFF and RESET: the default SUCCESS).
     */
    @FunctionalInterface
    interface Script {
        List<?> answer(int connection, BoltMessage request);
    }

    /**
     * First element of an answer: the answer (the rest, or the default SUCCESS) is held back and written just
     * before the answer to the connection's next request, as a server that only reads pipelined requests
     * together would (boltstub does this to prove pipelining: a client that waits for the held answer hangs).
     */
    static final Object HOLD = new Object();

    /** An answer of its own: the server stops reading the connection (a peer that hangs without closing). */
    static final Object STOP_READING = new Object();

    /** Last element of an answer: the server closes the connection once the answer is out (boltstub's EXIT). */
    static final Object CLOSE = new Object();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Channel> open = new CopyOnWriteArrayList<>();
    private final Channel serverChannel;
    private volatile Map<String, Object> helloMetadata = Map.of("server", "Neo4j/5.26.0");

    /** One request as the server got it, with the number of the connection it came on (from 1). */
    record Received(int connection, BoltMessage message) {
        @Override
        public String toString() {
            return connection + ": " + message;
        }
    }

    ScriptedServer(List<BoltVersion> versions, Script script) {
        serverChannel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        int id = connections.incrementAndGet();
                        open.add(ch);
                        ch.pipeline().addLast(new ServerHandshakeHandler(versions, true, (ctx, result) -> {
                            BoltProtocol protocol = BoltProtocol.forVersion(result.version());
                            ctx.pipeline().addAfter(ctx.name(), "chunks", new ChunkDecoder());
                            ctx.pipeline().addAfter("chunks", "decoder", new MessageDecoder(protocol));
                            ctx.pipeline().addAfter("decoder", "encoder", new MessageEncoder(protocol));
                            ctx.pipeline().addAfter("encoder", "script", new Responder(id, script));
                        }));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    ScriptedServer(BoltVersion version, Script script) {
        this(List.of(version), script);
    }

    /** The metadata of HELLO's SUCCESS (the server agent and hints). */
    ScriptedServer helloMetadata(Map<String, Object> metadata) {
        this.helloMetadata = metadata;
        return this;
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    String uri(String scheme) {
        return scheme + "://" + address();
    }

    /** Every request received so far, in order. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests of one type, in order. */
    <T extends BoltMessage> List<T> received(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (Received r : received) {
            if (type.isInstance(r.message())) {
                matching.add(type.cast(r.message()));
            }
        }
        return matching;
    }

    /** The names of the requests received, e.g. {@code [HELLO, LOGON, RUN, PULL]} (auth and NOOP aside). */
    List<String> conversation() {
        return received.stream().map(r -> name(r.message())).collect(Collectors.toList());
    }

    long count(Predicate<BoltMessage> which) {
        return received.stream().map(Received::message).filter(which).count();
    }

    int connectionsAccepted() {
        return connections.get();
    }

    /** Closes every accepted connection, as a server that crashed would. */
    void dropConnections() {
        open.forEach(Channel::close);
    }

    /** HELLO, LOGON, LOGOFF and RESET: answered with SUCCESS when the script answers nothing. */
    static boolean answeredByDefault(BoltMessage message) {
        return message instanceof HelloMessage || message instanceof LogonMessage || message instanceof LogoffMessage
                || message instanceof ResetMessage;
    }

    static String name(BoltMessage message) {
        String simple = message.getClass().getSimpleName();
        return simple.substring(0, simple.length() - "Message".length()).toUpperCase(java.util.Locale.ROOT);
    }

    static SuccessMessage success(Map<String, Object> metadata) {
        return new SuccessMessage(metadata);
    }

    static SuccessMessage success() {
        return new SuccessMessage(Map.of());
    }

    static RecordMessage record(Object... values) {
        return new RecordMessage(List.of(values));
    }

    static FailureMessage failure(String code, String message) {
        return FailureMessage.of(code, message);
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        open.forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<BoltMessage> {
        private final int id;
        private final Script script;
        private final List<Object> held = new ArrayList<>();

        Responder(int id, Script script) {
            super(BoltMessage.class);
            this.id = id;
            this.script = script;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BoltMessage message) {
            received.add(new Received(id, message));
            List<?> answers;
            if (message instanceof GoodbyeMessage) {
                ctx.close();
                return;
            }
            answers = script.answer(id, message);
            if (answers.equals(List.of(STOP_READING))) {
                ctx.channel().config().setAutoRead(false);
                return;
            }
            if (!answers.isEmpty() && answers.get(0) == HOLD) {
                List<?> rest = answers.subList(1, answers.size());
                held.addAll(rest.isEmpty() && answeredByDefault(message) ? List.of(success()) : rest);
                return;
            }
            for (Object answer : held) {
                ctx.write(answer);
            }
            held.clear();
            if (answeredByDefault(message)) {
                if (answers.isEmpty() || (message instanceof HelloMessage && answers.equals(List.of(success())))) {
                    // (a script's bare SUCCESS to HELLO gets the server agent the client requires)
                    answers = List.of(message instanceof HelloMessage ? success(helloMetadata) : success());
                }
            }
            for (Object answer : answers) {
                if (answer == CLOSE) {
                    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                if (answer instanceof byte[] body) {
                    ctx.write(ctx.alloc().buffer(body.length + 4).writeShort(body.length).writeBytes(body).writeShort(0));
                } else {
                    ctx.write(answer);
                }
            }
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
