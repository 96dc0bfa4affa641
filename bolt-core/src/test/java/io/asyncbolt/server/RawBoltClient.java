package io.asyncbolt.server;

import io.asyncbolt.internal.protocol.BoltProtocol;
import io.asyncbolt.protocol.BoltVersion;
import io.asyncbolt.internal.protocol.ChunkWriter;
import io.asyncbolt.protocol.message.BoltMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A blocking Bolt client for state-machine and bad-input tests: raw bytes in, decoded messages out. */
final class RawBoltClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private BoltProtocol protocol;
    private int noops;

    RawBoltClient(int port) throws IOException {
        this(port, 0);
    }

    /**
     * @param receiveBuffer the socket's receive buffer in bytes (0: the system's), small for a peer that
     *                      is meant to fill up at once when it does not read
     */
    RawBoltClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(5000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** Handshake proposing exactly {@code version}; returns the server's 4-byte answer as an int. */
    int handshake(BoltVersion version) throws IOException {
        sendBytes(new byte[] {0x60, 0x60, (byte) 0xB0, 0x17});
        sendBytes(new byte[] {0, 0, (byte) version.minor(), (byte) version.major(), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        int answer = in.readInt();
        protocol = BoltProtocol.forVersion(version);
        return answer;
    }

    void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    void send(BoltMessage... messages) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (BoltMessage message : messages) {
                int start = ChunkWriter.DEFAULT.beginMessage(buf);
                protocol.encode(message, buf);
                ChunkWriter.DEFAULT.endMessage(buf, start);
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            sendBytes(bytes);
        } finally {
            buf.release();
        }
    }

    /** The next message, skipping NOOPs. */
    BoltMessage receive() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = in.readUnsignedShort();
            if (size == 0) {
                if (body.size() == 0) {
                    noops++;
                    continue;
                }
                break;
            }
            byte[] chunk = new byte[size];
            in.readFully(chunk);
            body.write(chunk);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(body.toByteArray());
        try {
            return protocol.decode(buf);
        } finally {
            buf.release();
        }
    }

    /** True when the server closed the connection (reads EOF within the socket timeout). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException | java.net.SocketException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** How many NOOP chunks arrived so far. */
    int noops() {
        return noops;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
