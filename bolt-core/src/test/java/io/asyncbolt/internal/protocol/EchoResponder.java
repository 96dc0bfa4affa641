package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.message.BeginMessage;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.CommitMessage;
import io.asyncbolt.protocol.message.DiscardMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.GoodbyeMessage;
import io.asyncbolt.protocol.message.HelloMessage;
import io.asyncbolt.protocol.message.LogoffMessage;
import io.asyncbolt.protocol.message.LogonMessage;
import io.asyncbolt.protocol.message.PullMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.ResetMessage;
import io.asyncbolt.protocol.message.RollbackMessage;
import io.asyncbolt.protocol.message.RunMessage;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.asyncbolt.protocol.message.TelemetryMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only Bolt responder made of nothing but the wire layer: answers HELLO/LOGON, and for RUN returns
 * one record holding the query's parameters in the order given (columns named after them), or the
 * values registered for a fixed query. Enough for the official driver to connect and run queries.
 */
public final class EchoResponder extends SimpleChannelInboundHandler<BoltMessage> {

    private static final AtomicInteger CONNECTION_IDS = new AtomicInteger();

    private final Map<String, Map<String, Object>> fixedResults;
    private final Queue<BoltMessage> received;
    private List<String> fields = List.of();
    private List<Object> row = List.of();
    private boolean rowSent;

    public EchoResponder(Map<String, Map<String, Object>> fixedResults, Queue<BoltMessage> received) {
        super(BoltMessage.class);
        this.fixedResults = fixedResults;
        this.received = received;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BoltMessage message) {
        received.add(message);
        if (message instanceof HelloMessage hello) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("server", "Neo4j/5.26.0");
            metadata.put("connection_id", "bolt-" + CONNECTION_IDS.incrementAndGet());
            metadata.put("hints", Map.of("connection.recv_timeout_seconds", 120L));
            MessageEncoder encoder = ctx.pipeline().get(MessageEncoder.class);
            boolean utc = encoder.protocol().supportsUtcPatch() && hello.patchBolt().contains("utc");
            if (utc) {
                metadata.put("patch_bolt", List.of("utc"));
            }
            ctx.writeAndFlush(new SuccessMessage(metadata));
            if (utc) {
                BoltProtocol patched = encoder.protocol().withUtcPatch();
                encoder.protocol(patched);
                ctx.pipeline().get(MessageDecoder.class).protocol(patched);
            }
        } else if (message instanceof RunMessage run) {
            Map<String, Object> fixed = fixedResults.get(run.query());
            Map<String, Object> result = fixed != null ? fixed : run.parameters();
            fields = new ArrayList<>(result.keySet());
            row = new ArrayList<>(result.values());
            rowSent = false;
            ctx.writeAndFlush(new SuccessMessage(Map.of("fields", fields, "t_first", 0L)));
        } else if (message instanceof PullMessage) {
            if (!rowSent) {
                ctx.write(new RecordMessage(row));
                rowSent = true;
            }
            ctx.writeAndFlush(new SuccessMessage(Map.of("type", "r", "t_last", 0L, "bookmark", "bm-1")));
        } else if (message instanceof DiscardMessage) {
            ctx.writeAndFlush(new SuccessMessage(Map.of("type", "r")));
        } else if (message instanceof CommitMessage) {
            ctx.writeAndFlush(new SuccessMessage(Map.of("bookmark", "bm-2")));
        } else if (message instanceof GoodbyeMessage) {
            ctx.close();
        } else if (message instanceof LogonMessage || message instanceof LogoffMessage
                || message instanceof ResetMessage || message instanceof BeginMessage
                || message instanceof RollbackMessage || message instanceof TelemetryMessage) {
            ctx.writeAndFlush(SuccessMessage.EMPTY);
        } else {
            ctx.writeAndFlush(FailureMessage.of("Neo.ClientError.Request.Invalid", "unexpected " + message))
                    .addListener(f -> ctx.close());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        received.add(FailureMessage.of("Neo.DatabaseError.General.UnknownError", String.valueOf(cause)));
        ctx.close();
    }
}
