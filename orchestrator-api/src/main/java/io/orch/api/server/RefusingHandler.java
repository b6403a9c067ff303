package io.orch.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline of a connection past the cap: it waits for the request (a response written before it would
 * race the client's send, and closing with its bytes unread resets the connection, so the client would see a reset
 * instead of the reason), answers it with {@code Connection: close}, and closes. A health probe ({@code /healthz},
 * {@code /readyz}) gets its real answer: a liveness check must never fail because clients hold every connection
 * (issue 19), and these answers cost no more than the 503. Anything else gets 503 with the API's error JSON.
 */
final class RefusingHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RefusingHandler.class);
  /** The probes answered past the cap; both are cheap reads of the agent's memory. */
  static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  private final ApiException refusal;
  private final ApiHandler.Shared shared;
  private final ObjectMapper mapper;
  private boolean answered;

  RefusingHandler(int maxConnections, ApiHandler.Shared shared) {
    this.refusal = ApiException.unavailable("the agent has " + maxConnections
        + " open API connections, all busy (the cap); retry shortly");
    this.shared = shared;
    this.mapper = shared.mapper();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req && !answered) {
        answered = true;
        String path = new QueryStringDecoder(req.uri()).rawPath();
        String method = req.method().name();
        if (PROBES.contains(path) && shared.router().match(method, path) instanceof Router.Found found) {
          probe(ctx, found.route(), method, path);
        } else {
          ctx.writeAndFlush(ErrorResponses.closing(refusal, mapper)).addListener(ChannelFutureListener.CLOSE);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** The probe's own route, off the event loop as the route says (readiness reads state on the read workers). */
  private void probe(ChannelHandlerContext ctx, Router.Route route, String method, String path) {
    ApiRequest request = new ApiRequest(method, route.template(), Map.of(), Map.of(), null, new byte[0], Map.of());
    CompletableFuture.supplyAsync(() -> {
      try {
        return route.handler().handle(request);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, route.work() == Router.Work.INLINE ? ctx.executor() : shared.blockingWork()).whenComplete((reply, e) -> {
      if (e != null || !(reply instanceof ApiReply.Json json)) {
        log.debug("probe {} past the connection cap failed", path, e);
        ctx.writeAndFlush(ErrorResponses.closing(refusal, mapper)).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      ctx.writeAndFlush(closingJson(json)).addListener(ChannelFutureListener.CLOSE);
    });
  }

  private FullHttpResponse closingJson(ApiReply.Json json) {
    byte[] body;
    try {
      body = mapper.writeValueAsBytes(json.body());
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(json.status()),
        Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ResponseHeaders.addTo(res.headers());
    return res;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The read timeout, or a client that hung up: nothing to answer.
    ctx.close();
  }
}
