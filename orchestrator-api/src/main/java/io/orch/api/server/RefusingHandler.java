package io.orch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * The whole pipeline of a connection past the cap: it waits for the request (a response written before it would
 * race the client's send, and closing with its bytes unread resets the connection, so the client would see a reset
 * instead of the reason), answers 503 with the API's error JSON and {@code Connection: close}, and closes.
 */
final class RefusingHandler extends ChannelInboundHandlerAdapter {
  private final ApiException refusal;
  private final ObjectMapper mapper;
  private boolean answered;

  RefusingHandler(int maxConnections, ObjectMapper mapper) {
    this.refusal = ApiException.unavailable("the agent has " + maxConnections
        + " open API connections, all busy (the cap); retry shortly");
    this.mapper = mapper;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest && !answered) {
        answered = true;
        ctx.writeAndFlush(ErrorResponses.closing(refusal, mapper)).addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The read timeout, or a client that hung up: nothing to answer.
    ctx.close();
  }
}
