package io.orch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * The per-connection pipeline: idle detection, request deadlines around the HTTP codec, body aggregation with a
 * JSON 413, keep-alive, then the API. A connection past the cap gets a pipeline that answers health probes and 503 to anything else.
 */
final class ApiChannelInitializer extends ChannelInitializer<Channel> {
  /**
   * Requests one connection may have in flight (sent, not yet answered). {@link ApiHandler} enforces it: the request
   * past it gets a clean 429, after the replies before it, and the connection closes.
   */
  static final int MAX_PIPELINED_REQUESTS = 128;
  /**
   * The codec's own bound, kept out of the way: it closes after whichever reply is written next (out of order, and
   * through an exception). Far above ours; what it queues meanwhile is bounded by one read, since the handler stops
   * reading once it refuses.
   */
  private static final int CODEC_PIPELINE_DEPTH = MAX_PIPELINED_REQUESTS * 64;

  private final ApiHandler.Shared shared;
  private final ObjectMapper mapper;
  private final int maxBodyBytes;
  private final HttpLimits limits;
  private final ConnectionLimiter limiter;

  ApiChannelInitializer(ApiHandler.Shared shared, int maxBodyBytes, HttpLimits limits) {
    this.shared = shared;
    this.mapper = shared.mapper();
    this.maxBodyBytes = maxBodyBytes;
    this.limits = limits;
    this.limiter = new ConnectionLimiter(limits.maxConnections());
  }

  ConnectionLimiter limiter() {
    return limiter;
  }

  @Override
  protected void initChannel(Channel ch) {
    ConnectionActivity activity = new ConnectionActivity(limits, mapper);
    if (!limiter.admit(ch, activity)) {
      ch.pipeline()
          .addLast(new ReadTimeoutHandler(limits.headers().toMillis(), TimeUnit.MILLISECONDS))
          .addLast(new HttpServerCodec())
          .addLast(new RefusingHandler(limits.maxConnections(), shared));
      return;
    }
    ch.pipeline()
        // All-idle (no read and no write) for the idle timeout; ConnectionActivity ignores it mid-request.
        .addLast(new IdleStateHandler(0, 0, limits.idle().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(activity.rawBytes())
        .addLast(new HttpServerCodec(new HttpDecoderConfig(), CODEC_PIPELINE_DEPTH))
        .addLast(activity.httpMessages())
        .addLast(new JsonErrorAggregator(maxBodyBytes, mapper))
        .addLast(new HttpServerKeepAliveHandler())
        .addLast(new ApiHandler(shared));
  }
}
