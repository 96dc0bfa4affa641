package io.asyncbolt.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Answers plain HTTP on the Bolt port: a GET that is not a WebSocket upgrade gets a small JSON discovery
 * document (what Neo4j answers there: where to connect with Bolt), anything else 400; both then close.
 * WebSocket upgrades pass on to the protocol handler.
 */
final class HttpDiscoveryHandler extends ChannelInboundHandlerAdapter {

    private final boolean tls;

    HttpDiscoveryHandler(boolean tls) {
        this.tls = tls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        if (upgrade && request.method().equals(HttpMethod.GET)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FullHttpResponse response;
        try {
            if (request.method().equals(HttpMethod.GET)) {
                String host = request.headers().get(HttpHeaderNames.HOST, "localhost");
                String scheme = tls ? "bolt+s" : "bolt";
                ByteBuf body = Unpooled.copiedBuffer("{\"bolt_direct\":\"" + scheme + "://" + host
                        + "\",\"bolt_routing\":\"" + (tls ? "neo4j+s" : "neo4j") + "://" + host
                        + "\",\"neo4j_edition\":\"community\"}", StandardCharsets.UTF_8);
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            } else {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                        Unpooled.EMPTY_BUFFER);
            }
        } finally {
            request.release();
        }
        response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
