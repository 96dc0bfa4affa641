package io.asyncbolt.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.MessageEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How one open result follows PULL demand and the channel's writability. */
class ResultStreamTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Rows rows = new Rows();
    private ResultStream stream;

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    /** A publisher whose rows come when the test says, as from a handler's own thread. */
    private static final class Rows implements Flow.Publisher<List<Object>>, Flow.Subscription {
        final AtomicLong demand = new AtomicLong();
        Flow.Subscriber<? super List<Object>> subscriber;
        long next;

        @Override
        public void subscribe(Flow.Subscriber<? super List<Object>> s) {
            subscriber = s;
            s.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            demand.addAndGet(n);
        }

        @Override
        public void cancel() {
        }

        void emit(long n) {
            for (long i = 0; i < n; i++) {
                demand.decrementAndGet();
                subscriber.onNext(List.of(next++, "x".repeat(64)));
            }
        }
    }

    @Test
    void demandGoesOnWhenTheFlushOfItsOwnRowsMakesTheChannelWritableAgain() {
        // every row exceeds the high water mark: each write turns the channel unwritable, each flush back
        channel.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1, 2));
        channel.pipeline().addLast(new MessageEncoder(BoltProtocol.forVersion(BoltVersion.V5_8)),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                        if (ctx.channel().isWritable()) {
                            stream.resume();
                        }
                    }
                });
        stream = new ResultStream(channel, new QueryResult(List.of("i", "s"), rows, null), -1,
                new ResultStream.Listener() {
                    @Override
                    public void suspended(ResultStream s) {
                    }

                    @Override
                    public void completed(ResultStream s) {
                    }

                    @Override
                    public void failed(ResultStream s, Throwable error) {
                    }
                });
        rows.subscribe(stream);
        stream.pull(-1);
        long firstBatch = rows.demand.get();
        assertThat(firstBatch).isPositive();

        rows.emit(firstBatch); // the last of these is written while the channel is unwritable

        assertThat(stream.recordsSent()).isEqualTo(firstBatch);
        assertThat(rows.demand.get()).as("the next batch is asked for once the flush frees the channel")
                .isPositive();
        int messages = 0;
        for (Object out; (out = channel.readOutbound()) != null; messages++) {
            ((ByteBuf) out).release();
        }
        assertThat(messages).isEqualTo((int) firstBatch);
    }
}
