package io.asyncbolt.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * What the fuzz targets of this package share: Netty's leak detector at PARANOID with its reports turned
 * into failures, a {@link TrackingAllocator} that finds a leaked buffer in the very input that leaked it,
 * a byte {@link Input} reader, and the rule that the project logs no ERROR while it is fed garbage.
 *
 * <p>Every target is a Jazzer {@code @FuzzTest}. A normal build ({@code mvn verify}) runs only its seed
 * corpus, {@code src/test/resources/io/asyncbolt/fuzz/<Class>Inputs/<method>/}, as regression tests.
 * To fuzz one target (Jazzer fuzzes one method per JVM; new corpus entries go to
 * {@code bolt-core/.cifuzz-corpus/}, crashes to the seed directory):
 *
 * <pre>
 * JAZZER_FUZZ=1 mvn -B -ntp -o -pl bolt-core test -Dtest=ChunkDecoderFuzzTest -Djazzer.max_duration=60s
 * </pre>
 *
 * ({@code -Djazzer.max_executions=N} bounds the runs instead.) {@code .ci/fuzz [seconds]} fuzzes every target
 * in turn and prints the executions; CI runs it for 10 s per target.
 */
final class FuzzSupport {

    private static final AtomicReference<String> FIRST_REPORT = new AtomicReference<>();

    static {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        capture((Logger) LoggerFactory.getLogger(ResourceLeakDetector.class), Level.ERROR, "leak");
        // the project's own loggers: ERROR means something broke (out of memory, a handler's bug...); the
        // DEBUG/WARN chatter about hostile peers is expected and kept off the console
        capture((Logger) LoggerFactory.getLogger("io.asyncbolt"), Level.ERROR, "log");
    }

    private FuzzSupport() {
    }

    private static void capture(Logger logger, Level failAt, String kind) {
        logger.setLevel(failAt);
        logger.setAdditive(false);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(failAt)) {
                    String text = kind + " report from " + event.getLoggerName() + ": " + event.getFormattedMessage()
                            + (event.getThrowableProxy() != null ? " (" + event.getThrowableProxy().getClassName()
                            + ": " + event.getThrowableProxy().getMessage() + ")" : "");
                    FIRST_REPORT.compareAndSet(null, text);
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /** Fails when Netty reported a leak or the project logged an ERROR since the last call. */
    static void assertNoReports() {
        String report = FIRST_REPORT.getAndSet(null);
        if (report != null) {
            throw new AssertionError(report);
        }
    }

    /** An {@link EmbeddedChannel} on {@code alloc} (so that every buffer its handlers allocate is tracked). */
    static EmbeddedChannel channel(TrackingAllocator alloc, ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(handlers);
        return ch;
    }

    /** Releases whatever is left in the channel's inbound and outbound queues. */
    static void drain(EmbeddedChannel ch) {
        Object m;
        while ((m = ch.readInbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
        while ((m = ch.readOutbound()) != null) {
            io.netty.util.ReferenceCountUtil.release(m);
        }
    }

    /**
     * Allocates unpooled buffers and remembers each one, so that a target can check after one input
     * that all of them were released ({@link #assertAllReleased()}) and how large the largest was.
     */
    static final class TrackingAllocator extends AbstractByteBufAllocator {

        private final List<ByteBuf> buffers = new ArrayList<>();
        private int largestCapacity;

        TrackingAllocator() {
            super(false);
        }

        private <B extends ByteBuf> B track(B buf, int initialCapacity) {
            buffers.add(buf);
            largestCapacity = Math.max(largestCapacity, initialCapacity);
            return buf;
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity), initialCapacity);
        }

        @Override
        public CompositeByteBuf compositeHeapBuffer(int maxNumComponents) {
            return track(super.compositeHeapBuffer(maxNumComponents), 0);
        }

        @Override
        public CompositeByteBuf compositeDirectBuffer(int maxNumComponents) {
            return track(super.compositeDirectBuffer(maxNumComponents), 0);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        /** A tracked buffer holding {@code bytes}. */
        ByteBuf copyOf(byte[] bytes, int offset, int length) {
            return heapBuffer(Math.max(length, 1)).writeBytes(bytes, offset, length);
        }

        /** The largest initial capacity asked for since the last {@link #assertAllReleased()}. */
        int largestCapacity() {
            return largestCapacity;
        }

        /** The largest current capacity of a tracked buffer (they may have grown after allocation). */
        int largestCurrentCapacity() {
            int max = 0;
            for (ByteBuf b : buffers) {
                if (b.refCnt() > 0) {
                    max = Math.max(max, b.capacity());
                }
            }
            return max;
        }

        /** Fails when a buffer allocated since the last call is still referenced; then forgets them. */
        void assertAllReleased() {
            try {
                for (ByteBuf b : buffers) {
                    if (b.refCnt() != 0) {
                        throw new AssertionError("leaked buffer (refCnt " + b.refCnt() + "): " + b);
                    }
                }
            } finally {
                buffers.clear();
                largestCapacity = 0;
            }
            assertNoReports();
        }
    }

    /** Reads the fuzzer's bytes front to back; past the end every number is 0 and every array empty. */
    static final class Input {
        private final byte[] data;
        private int pos;

        Input(byte[] data) {
            this.data = data;
        }

        boolean more() {
            return pos < data.length;
        }

        int remaining() {
            return data.length - pos;
        }

        int u8() {
            return pos < data.length ? data[pos++] & 0xFF : 0;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        int s32() {
            return (u16() << 16) | u16();
        }

        long s64() {
            return ((long) s32() << 32) | (s32() & 0xFFFFFFFFL);
        }

        boolean bool() {
            return (u8() & 1) == 1;
        }

        /** Up to {@code max} bytes (fewer at the end). */
        byte[] bytes(int max) {
            int n = Math.min(max, remaining());
            byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + n);
            pos += n;
            return b;
        }

        /** A string of up to 255 UTF-8 bytes (length first); malformed sequences become U+FFFD. */
        String string() {
            return new String(bytes(u8()), java.nio.charset.StandardCharsets.UTF_8);
        }

        byte[] rest() {
            return bytes(remaining());
        }

        int position() {
            return pos;
        }
    }
}
