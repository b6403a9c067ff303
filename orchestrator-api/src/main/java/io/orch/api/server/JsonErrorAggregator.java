package io.orch.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.orch.api.dto.ErrorDto;
import java.util.List;

/**
 * An {@link HttpObjectAggregator} whose 413 carries the API's error JSON; the stock one sends an empty body,
 * which leaves a CLI user with nothing to show.
 */
final class JsonErrorAggregator extends HttpObjectAggregator {
  private final byte[] tooLargeBody;

  JsonErrorAggregator(int maxBodyBytes, ObjectMapper mapper) {
    super(maxBodyBytes);
    ApiException e = ApiException.payloadTooLarge(maxBodyBytes);
    try {
      this.tooLargeBody = mapper.writeValueAsBytes(ErrorDto.of(e.code(), e.getMessage(), List.of()));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
    if (!(oversized instanceof HttpRequest)) {
      super.handleOversizedMessage(ctx, oversized);
      return;
    }
    FullHttpResponse res = tooLarge();
    if (oversized instanceof FullHttpMessage || !HttpUtil.isKeepAlive(oversized)) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    // Keep-alive: answer now and let the aggregator discard the rest of the body instead of closing. A client
    // that sends the whole body before it reads (java.net.http, i.e. our CLI) would otherwise see a connection
    // reset instead of this 413. Discarding costs bandwidth only, never memory.
    ctx.writeAndFlush(res).addListener(f -> {
      if (!f.isSuccess()) {
        ctx.close();
      }
    });
  }

  /** {@code Expect: 100-continue} with a too large Content-Length: refuse before the body is sent, with JSON. */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
    Object stock = super.newContinueResponse(start, maxContentLength, pipeline);
    if (stock instanceof HttpResponse r && r.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
      FullHttpResponse ours = tooLarge();
      if (!HttpUtil.isKeepAlive(r)) {
        ours.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      }
      ReferenceCountUtil.release(stock);
      return ours;
    }
    return stock;
  }

  private FullHttpResponse tooLarge() {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Unpooled.wrappedBuffer(tooLargeBody));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, tooLargeBody.length);
    ResponseHeaders.addTo(res.headers());
    return res;
  }
}
