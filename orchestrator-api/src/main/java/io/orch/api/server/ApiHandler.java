package io.orch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.orch.api.dto.ErrorDto;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one connection's requests: guard clauses (malformed, unknown route, wrong method, missing token), then
 * the route's handler, on the blocking executor unless the route is inline. One instance per channel.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
  private static final String JSON = "application/json";

  /**
   * What every connection's handler shares; built once by {@link ApiServer}. {@code engineWork} runs the routes that
   * may wait for the engine, {@code blockingWork} the other off-loop ones.
   */
  record Shared(Router router, Executor blockingWork, Executor engineWork, ObjectMapper mapper,
      BearerTokenCheck auth, AccessPolicy access, RequestListener listener, StreamLimiter streams) {
    /** One executor for all off-loop work, streams capped as for the default connection cap (tests). */
    Shared(Router router, Executor blockingWork, ObjectMapper mapper, BearerTokenCheck auth, AccessPolicy access,
        RequestListener listener) {
      this(router, blockingWork, blockingWork, mapper, auth, access, listener,
          StreamLimiter.forConnections(HttpLimits.DEFAULTS.maxConnections()));
    }
  }

  /** Seconds a client refused a stream is told to wait ({@code Retry-After}): long enough to not hammer the agent. */
  static final int STREAM_RETRY_AFTER_SECONDS = 10;

  private final Shared shared;
  // Replies leave in request order even when a client pipelines requests and handlers finish out of order:
  // each request's work starts only after the previous one on this connection has written its reply.
  // Only touched on the channel's event loop.
  private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
  // A streamed reply holds the line until it ends: the next pipelined reply must not land inside its body.
  private volatile CompletableFuture<Void> streaming = CompletableFuture.completedFuture(null);

  // Requests read and not yet answered (their reply written, or their stream ended), for the pipelining cap.
  private final AtomicInteger inFlight = new AtomicInteger();
  // Set once a request past the cap was refused: whatever the client pipelined after it is dropped unread.
  // Only touched on the channel's event loop.
  private boolean refusing;

  ApiHandler(Shared shared) {
    this.shared = shared;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    long started = System.nanoTime();
    String method = req.method().name();
    if (refusing) {
      return; // released by SimpleChannelInboundHandler; the connection closes after the refusal
    }
    if (inFlight.get() >= ApiChannelInitializer.MAX_PIPELINED_REQUESTS) {
      refusing = true;
      ctx.channel().config().setAutoRead(false);
      log.debug("connection {} pipelined more than {} requests; refusing and closing", ctx.channel(),
          ApiChannelInitializer.MAX_PIPELINED_REQUESTS);
      ApiException tooMany = new ApiException(429, "too_many_requests", "more than "
          + ApiChannelInitializer.MAX_PIPELINED_REQUESTS + " requests pipelined on one connection; this one and"
          + " those after it were dropped: wait for replies before sending more, or open another connection");
      enqueue(ctx, false, () -> sendError(ctx, tooMany, method, RequestListener.UNMATCHED, started, Map.of(), true));
      return;
    }
    if (!req.decoderResult().isSuccess()) {
      Throwable cause = req.decoderResult().cause();
      ApiException bad = ApiException.badRequest(
          "malformed HTTP request" + (cause == null ? "" : ": " + cause.getMessage()));
      enqueue(ctx, false, () -> sendError(ctx, bad, method, RequestListener.UNMATCHED, started, Map.of(), true));
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    Router.Match match;
    Map<String, List<String>> query;
    try {
      match = shared.router().match(method, uri.rawPath());
      query = uri.parameters();
    } catch (IllegalArgumentException e) {
      // A broken percent escape (%zz, a lone %) in the path or the query is the client's mistake, not a 500.
      ApiException bad = ApiException.badRequest("malformed request URI: " + e.getMessage()
          + "; percent-encode path segments and query values (%2F, %25)");
      enqueue(ctx, false, () -> sendError(ctx, bad, method, RequestListener.UNMATCHED, started, Map.of(), false));
      return;
    }
    if (match instanceof Router.NotFound) {
      ApiException notFound = ApiException.notFound("no route for " + method + " " + uri.rawPath());
      enqueue(ctx, false, () -> sendError(ctx, notFound, method, RequestListener.UNMATCHED, started, Map.of(), false));
      return;
    }
    if (match instanceof Router.MethodNotAllowed notAllowed) {
      String allow = String.join(", ", new TreeSet<>(notAllowed.allowed()));
      ApiException wrongMethod = new ApiException(405, "method_not_allowed",
          method + " is not allowed on " + uri.rawPath() + "; allowed: " + allow);
      enqueue(ctx, false, () -> sendError(ctx, wrongMethod, method, RequestListener.UNMATCHED, started,
          Map.of(HttpHeaderNames.ALLOW.toString(), allow), false));
      return;
    }
    Router.Found found = (Router.Found) match;
    Router.Route route = found.route();
    if (shared.access().needsToken(method, route.template())
        && !shared.auth().permits(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      ApiException denied = ApiException.unauthorized("GET".equals(method)
          ? "this agent listens beyond loopback, so reads need 'Authorization: Bearer <token>' too (all but /healthz"
              + " and /readyz); the token is in the agent's state dir"
          : "this call needs 'Authorization: Bearer <token>' with the agent's token");
      enqueue(ctx, false, () -> sendError(ctx, denied, method, route.template(), started,
          Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer"), false));
      return;
    }
    // Copy the body out of the pooled buffer: the request is released when this method returns.
    ApiRequest request = new ApiRequest(method, route.template(), found.params(), query,
        req.headers().get(HttpHeaderNames.CONTENT_TYPE), ByteBufUtil.getBytes(req.content()), headers(req));
    enqueue(ctx, route.work(), () -> respond(ctx, route, request, started));
  }

  private static Map<String, String> headers(FullHttpRequest req) {
    Map<String, String> headers = new HashMap<>();
    req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    return headers;
  }

  private void enqueue(ChannelHandlerContext ctx, boolean blocking, Runnable work) {
    enqueue(ctx, blocking ? Router.Work.BLOCKING : Router.Work.INLINE, work);
  }

  private void enqueue(ChannelHandlerContext ctx, Router.Work kind, Runnable work) {
    // Inline work runs as a task of the channel's event loop, never on the spot: a blocking reply written from a
    // worker thread is itself a queued event-loop task, and "previous is done" does not mean that task has run yet.
    // Running inline work on the spot could overtake it (seen: /healthz answered before a pipelined /v1/info).
    Executor executor = switch (kind) {
      case INLINE -> ctx.executor();
      case BLOCKING -> shared.blockingWork();
      case ENGINE -> shared.engineWork();
    };
    inFlight.incrementAndGet();
    previous = previous.thenRunAsync(work, executor).thenCompose(v -> streaming)
        .whenComplete((v, e) -> inFlight.decrementAndGet()).exceptionally(e -> {
      // Only when the executor refuses work (shutting down): nothing can answer this request any more.
      log.debug("dropping request on {}: {}", ctx.channel(), e.toString());
      ctx.close();
      return null;
    });
  }

  private void respond(ChannelHandlerContext ctx, Router.Route route, ApiRequest request, long started) {
    try {
      ApiReply reply = route.handler().handle(request);
      if (reply instanceof ApiReply.Stream stream) {
        // The body is not opened yet (ChunkedResponse opens it): a refused stream subscribes to nothing.
        StreamLimiter.Result admitted = shared.streams().acquire(caller(request), clientAddress(ctx));
        if (admitted.slot().isEmpty()) {
          refuseStream(ctx, admitted.refusal(), request, route, started);
          return;
        }
        StreamLimiter.Slot slot = admitted.slot().get();
        try {
          streaming = ChunkedResponse.start(ctx.channel(), stream,
              () -> notifyListener(request.method(), route.template(), stream.status(), started));
        } catch (RuntimeException e) {
          slot.release();
          throw e;
        }
        streaming.whenComplete((v, e) -> slot.release());
      } else if (reply instanceof ApiReply.Text text) {
        send(ctx, text.status(), text.contentType(), text.body().getBytes(StandardCharsets.UTF_8), Map.of(), false,
            request.method(), route.template(), started);
      } else if (reply instanceof ApiReply.Asset asset) {
        send(ctx, asset.status(), asset.contentType(), asset.body(), asset.headers(), false,
            request.method(), route.template(), started);
      } else if (reply instanceof ApiReply.Json json) {
        send(ctx, json.status(), JSON, shared.mapper().writeValueAsBytes(json.body()), Map.of(), false,
            request.method(), route.template(), started);
      }
    } catch (ApiException e) {
      log.debug("{} {} -> {} {}", request.method(), route.template(), e.status(), e.getMessage());
      sendError(ctx, e, request.method(), route.template(), started, Map.of(), false);
    } catch (Exception e) {
      log.error("{} {} failed", request.method(), route.template(), e);
      sendError(ctx, internalError(), request.method(), route.template(), started, Map.of(), false);
    }
  }

  /**
   * 429 with {@code Retry-After}, and the connection closed: a client that opened thousands of connections for
   * streams gets its descriptors back at once instead of holding idle ones.
   */
  private void refuseStream(ChannelHandlerContext ctx, StreamLimiter.Refusal refusal, ApiRequest request,
      Router.Route route, long started) {
    shared.streams().report(refusal, System.nanoTime()).ifPresent(message -> {
      log.warn("API: {}", message);
      try {
        shared.listener().onStreamsRefused(message);
      } catch (RuntimeException e) {
        log.warn("request listener failed", e);
      }
    });
    String hint = refusal.caller() == StreamLimiter.Caller.ANONYMOUS && shared.auth().required()
        ? "; close streams you no longer read, or send the agent's token ('Authorization: Bearer <token>'), whose"
            + " holders have a larger share"
        : "; close streams you no longer read";
    ApiException tooMany = new ApiException(429, "too_many_streams", refusal.message() + hint
        + "; retry after " + STREAM_RETRY_AFTER_SECONDS + "s");
    sendError(ctx, tooMany, request.method(), route.template(), started,
        Map.of(HttpHeaderNames.RETRY_AFTER.toString(), Integer.toString(STREAM_RETRY_AFTER_SECONDS)), true);
  }

  /** A token holder only when the agent has a token and the request carries it. */
  private StreamLimiter.Caller caller(ApiRequest request) {
    return shared.auth().required() && shared.auth().permits(request.header("authorization"))
        ? StreamLimiter.Caller.TOKEN_HOLDER : StreamLimiter.Caller.ANONYMOUS;
  }

  private static InetAddress clientAddress(ChannelHandlerContext ctx) {
    return ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
  }

  private void sendError(ChannelHandlerContext ctx, ApiException e, String method, String route, long started,
      Map<String, String> headers, boolean close) {
    byte[] body;
    try {
      body = shared.mapper().writeValueAsBytes(ErrorDto.of(e.code(), e.getMessage(), e.details()));
    } catch (IOException renderFailure) {
      // A detail object Jackson cannot serialize: say so rather than failing silently.
      log.error("cannot render error details for {} {}", method, route, renderFailure);
      body = errorBytes(internalError());
    }
    send(ctx, e.status(), JSON, body, headers, close, method, route, started);
  }

  /**
   * The one place a response is written. Content-Length lets {@code HttpServerKeepAliveHandler} keep the
   * connection open; {@code close} adds {@code Connection: close} and that handler closes after the write.
   */
  private void send(ChannelHandlerContext ctx, int status, String contentType, byte[] body,
      Map<String, String> headers, boolean close, String method, String route, long started) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    ResponseHeaders.addTo(res.headers());
    headers.forEach((k, v) -> res.headers().set(k, v));
    if (close) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.writeAndFlush(res).addListener(f -> notifyListener(method, route, status, started));
  }

  private void notifyListener(String method, String route, int status, long started) {
    try {
      shared.listener().onRequest(method, route, status, Duration.ofNanos(System.nanoTime() - started));
    } catch (RuntimeException e) {
      log.warn("request listener failed", e);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (isPipelineOverflow(cause)) {
      // Only if the codec's far higher bound is reached before the cap above: a client's doing, not worth a trace.
      log.debug("connection {} exceeded the codec's pipeline depth; closing", ctx.channel());
      ctx.close();
      return;
    }
    if (cause instanceof IOException) {
      // Clients that hang up mid-request are routine; not worth more than a debug line.
      log.debug("connection {} failed: {}", ctx.channel(), cause.toString());
      ctx.close();
      return;
    }
    log.error("unexpected error on {}", ctx.channel(), cause);
    if (ctx.channel().isActive()) {
      byte[] body = errorBytes(internalError());
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
          HttpResponseStatus.INTERNAL_SERVER_ERROR, Unpooled.wrappedBuffer(body));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, JSON);
      res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ResponseHeaders.addTo(res.headers());
      ctx.writeAndFlush(res);
    } else {
      ctx.close();
    }
  }

  /**
   * Netty's HttpServerCodec reports a pipeline deeper than its maxPipelineDepth only as an IllegalStateException
   * inside a DecoderException (no type of its own); its decoder throws no other IllegalStateException, and malformed
   * requests arrive as a failed decoderResult instead.
   */
  private static boolean isPipelineOverflow(Throwable cause) {
    return cause instanceof DecoderException && cause.getCause() instanceof IllegalStateException;
  }

  private static ApiException internalError() {
    return new ApiException(500, "internal", "internal error; the agent log has the details");
  }

  private byte[] errorBytes(ApiException e) {
    try {
      return shared.mapper().writeValueAsBytes(ErrorDto.of(e.code(), e.getMessage(), List.of()));
    } catch (IOException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
