package io.asyncbolt.internal.protocol;

import io.asyncbolt.protocol.BoltProtocolException;
import io.asyncbolt.protocol.message.BoltMessage;
import io.asyncbolt.protocol.message.FailureMessage;
import io.asyncbolt.protocol.message.IgnoredMessage;
import io.asyncbolt.protocol.message.RecordMessage;
import io.asyncbolt.protocol.message.Request;
import io.asyncbolt.protocol.message.Response;
import io.asyncbolt.protocol.message.SuccessMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Turns each whole message assembled by {@link ChunkDecoder} into a {@link io.asyncbolt.protocol.message.BoltMessage}
 * record with the connection's {@link BoltProtocol}. Malformed or unknown messages raise a
 * {@link BoltProtocolException} (as a Netty {@code DecoderException} cause) carrying the Neo4j status code.
 *
 * <p>A decoder knows which side it serves ({@link Direction}): a server's decoder refuses the messages
 * servers send (SUCCESS, RECORD, FAILURE, IGNORED) and a client's the requests, with a
 * {@code Neo.ClientError.Request.Invalid} {@link BoltProtocolException}, before their fields are
 * unpacked; such a message is never handed on to be silently dropped.
 */
public final class MessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    /** Which way the messages this decoder reads travel. */
    public enum Direction {
        /** Requests from a client, on a server's connection. */
        TO_SERVER,
        /** Responses from a server, on a client's connection. */
        TO_CLIENT,
        /** Either way (tools and tests that read both). */
        ANY
    }

    private final Direction direction;
    private BoltProtocol protocol;

    /** A decoder that accepts messages travelling either way; prefer {@link #forServer} or {@link #forClient}. */
    public MessageDecoder(BoltProtocol protocol) {
        this(protocol, Direction.ANY);
    }

    public MessageDecoder(BoltProtocol protocol, Direction direction) {
        super(ByteBuf.class);
        this.protocol = protocol;
        this.direction = direction;
    }

    /** The decoder of a server's connection: requests only. */
    public static MessageDecoder forServer(BoltProtocol protocol) {
        return new MessageDecoder(protocol, Direction.TO_SERVER);
    }

    /** The decoder of a client's connection: responses only. */
    public static MessageDecoder forClient(BoltProtocol protocol) {
        return new MessageDecoder(protocol, Direction.TO_CLIENT);
    }

    public BoltProtocol protocol() {
        return protocol;
    }

    public Direction direction() {
        return direction;
    }

    /** Switches the protocol, e.g. when Bolt 4.4's {@code utc} patch takes effect. Call on the event loop. */
    public void protocol(BoltProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        if (direction != Direction.ANY && msg.readableBytes() >= 2
                && (msg.getUnsignedByte(msg.readerIndex()) & 0xF0) == 0xB0) {
            // a tiny struct header, then the tag: refuse a message going the wrong way before unpacking it
            String response = responseName(msg.getByte(msg.readerIndex() + 1));
            if (response != null && direction == Direction.TO_SERVER) {
                throw wrongWay(response);
            }
        }
        BoltMessage message = protocol.decode(msg);
        if (direction == Direction.TO_SERVER && message instanceof Response) {
            throw wrongWay(responseName(message));
        }
        if (direction == Direction.TO_CLIENT && message instanceof Request) {
            throw new BoltProtocolException(BoltProtocolException.INVALID, "The message " + responseName(message)
                    + " is sent by clients, not to them");
        }
        out.add(message);
    }

    private static BoltProtocolException wrongWay(String name) {
        return new BoltProtocolException(BoltProtocolException.INVALID,
                "The message " + name + " is sent by servers, not to them");
    }

    private static String responseName(byte tag) {
        return switch (tag) {
            case SuccessMessage.SIGNATURE -> "SUCCESS";
            case RecordMessage.SIGNATURE -> "RECORD";
            case FailureMessage.SIGNATURE -> "FAILURE";
            case IgnoredMessage.SIGNATURE -> "IGNORED";
            default -> null;
        };
    }

    private static String responseName(BoltMessage message) {
        String simple = message.getClass().getSimpleName();
        return simple.endsWith("Message") ? simple.substring(0, simple.length() - "Message".length())
                .toUpperCase(java.util.Locale.ROOT) : simple;
    }
}
