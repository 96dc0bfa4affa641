package io.asyncbolt.bench;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkDecoder;
import io.asyncbolt.internal.protocol.ChunkWriter;
import io.asyncbolt.internal.protocol.MessageDecoder;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.value.Node;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding and decoding a stream of RECORD messages of typical rows: an int, a short string, a float, a
 * small map, a short list and a node. Throughput is reported per record (ops = records); the
 * {@code bytes} counter gives the wire bytes per second of the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class RecordCodecBenchmark {

    static final int ROWS = 1000;

    @Param({"5.8"})
    public String version;

    private BoltProtocol protocol;
    private BoltProtocol packedProtocol;
    private ChunkWriter chunkWriter;
    private List<RecordMessage> records;
    private ByteBuf out;
    private ByteBuf encodedStream;
    private List<ByteBuf> encodedBodies;
    private EmbeddedChannel decodeChannel;

    /** Bytes processed, reported by JMH as a rate next to the record rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setUp() {
        protocol = BoltProtocol.forVersion(BoltVersion.parse(version));
        packedProtocol = protocol.withPackedRecords();
        chunkWriter = ChunkWriter.DEFAULT;
        records = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            records.add(new RecordMessage(typicalRow(i)));
        }
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1 << 20);
        encodedStream = PooledByteBufAllocator.DEFAULT.directBuffer(1 << 20);
        encodedBodies = new ArrayList<>(ROWS);
        for (RecordMessage record : records) {
            int start = chunkWriter.beginMessage(encodedStream);
            protocol.encode(record, encodedStream);
            chunkWriter.endMessage(encodedStream, start);
            ByteBuf body = PooledByteBufAllocator.DEFAULT.directBuffer();
            protocol.encode(record, body);
            encodedBodies.add(body);
        }
        decodeChannel = new EmbeddedChannel(new ChunkDecoder(1 << 20), new MessageDecoder(protocol));
    }

    @TearDown
    public void tearDown() {
        out.release();
        encodedStream.release();
        encodedBodies.forEach(ByteBuf::release);
        decodeChannel.finishAndReleaseAll();
    }

    static List<Object> typicalRow(int i) {
        return List.of(
                (long) i,
                "name-" + i,
                i * 1.5,
                Map.of("age", (long) (i % 90), "city", "Malmö"),
                List.of(1L, 2L, 3L),
                new Node(i, "4:db:" + i, List.of("Person"), Map.of("name", "person-" + i)));
    }

    /** Packs and chunks 1000 records into one buffer, as a server writes a result stream. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void encodeRecords(Bytes bytes) {
        out.clear();
        for (int i = 0; i < ROWS; i++) {
            int start = chunkWriter.beginMessage(out);
            protocol.encode(records.get(i), out);
            chunkWriter.endMessage(out, start);
        }
        bytes.bytes += out.readableBytes();
    }

    /** Unpacks 1000 RECORD bodies (PackStream only, no framing). */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void decodeRecords(Bytes bytes, Blackhole blackhole) {
        for (int i = 0; i < ROWS; i++) {
            ByteBuf body = encodedBodies.get(i);
            bytes.bytes += body.readableBytes();
            blackhole.consume(protocol.decode(body.duplicate()));
        }
    }

    /** De-chunks and decodes a 1000-record stream through the Netty pipeline handlers, as a client reads it. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void decodeRecordStream(Bytes bytes, Blackhole blackhole) {
        bytes.bytes += encodedStream.readableBytes();
        decodeChannel.writeInbound(encodedStream.retainedDuplicate());
        BoltMessage message;
        while ((message = decodeChannel.readInbound()) != null) {
            blackhole.consume(message);
        }
    }

    /** Forwards 1000 RECORD bodies as the gateway does without packed records: decoded, then encoded again. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void forwardReencoded(Bytes bytes) {
        forward(protocol, bytes);
    }

    /** Forwards 1000 RECORD bodies as the gateway does by default: checked, kept packed, written on as they came. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void forwardPacked(Bytes bytes) {
        forward(packedProtocol, bytes);
    }

    private void forward(BoltProtocol reader, Bytes bytes) {
        out.clear();
        for (int i = 0; i < ROWS; i++) {
            BoltMessage message = reader.decode(encodedBodies.get(i).duplicate());
            int start = chunkWriter.beginMessage(out);
            protocol.encode(message, out);
            chunkWriter.endMessage(out, start);
        }
        bytes.bytes += out.readableBytes();
    }
}
