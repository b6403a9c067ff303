package io.orch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;

/** The per-connection pipeline: HTTP codec, body aggregation with a JSON 413, keep-alive, then the API. */
final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {
  private final ApiHandler.Shared shared;
  private final ObjectMapper mapper;
  private final int maxBodyBytes;

  ApiChannelInitializer(ApiHandler.Shared shared, int maxBodyBytes) {
    this.shared = shared;
    this.mapper = shared.mapper();
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    ch.pipeline()
        .addLast(new HttpServerCodec())
        .addLast(new JsonErrorAggregator(maxBodyBytes, mapper))
        .addLast(new HttpServerKeepAliveHandler())
        .addLast(new ApiHandler(shared));
  }
}
