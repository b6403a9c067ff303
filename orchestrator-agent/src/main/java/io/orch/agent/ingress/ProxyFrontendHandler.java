package io.orch.agent.ingress;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one proxied connection. On accept it connects to the next replica in rotation; a connect that
 * fails or is slow (a replica just killed, before its event arrives; a full accept queue) goes on to the next, as
 * {@link ConnectAttempts} orders them, and only when none is left is the client closed. Client bytes are read only
 * once a replica is connected, and then one chunk at a time.
 */
final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ProxyFrontendHandler.class);

  private final IngressListener listener;
  private Channel backend;
  private String backendId;

  ProxyFrontendHandler(IngressListener listener) {
    this.listener = listener;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    listener.metrics().connections.increment();
    listener.metrics().active.incrementAndGet();
    connect(ctx.channel(), ConnectAttempts.over(listener.rotation().nextAttempts()), 0);
  }

  private void connect(Channel client, List<ConnectAttempts.Attempt> attempts, int index) {
    if (!client.isActive()) {
      return;
    }
    if (index >= attempts.size()) {
      listener.metrics().rejected.increment();
      log.debug("{}: no replica of {} took the connection ({} connects tried)", listener.route().hostAddress(),
          listener.route().service(), attempts.size());
      client.close();
      return;
    }
    Backend target = attempts.get(index).backend();
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(listener.clientChannelType())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, attempts.get(index).timeoutMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ProxyBackendHandler(client, listener.metrics()));
    ChannelFuture connecting = b.connect(target.address());
    connecting.addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        backend = f.channel();
        backendId = target.containerId();
        listener.connections().opened(backendId);
        backend.closeFuture().addListener(closed -> listener.connections().closed(target.containerId()));
        if (!client.isActive()) {
          backend.close();
          return;
        }
        client.read();
      } else {
        listener.metrics().backendFailures.increment();
        log.debug("{}: connect to {} ({}) failed, trying the next replica: {}", listener.route().hostAddress(),
            target.name(), target.address(), f.cause() == null ? "?" : f.cause().getMessage());
        connect(client, attempts, index + 1);
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf buf) {
      listener.metrics().received.increment(buf.readableBytes());
    }
    if (backend == null || !backend.isActive()) {
      io.netty.util.ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    backend.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        ctx.channel().read();
      } else {
        f.channel().close();
        ctx.close();
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    listener.metrics().active.decrementAndGet();
    if (backend != null) {
      closeOnFlush(backend);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    closeOnFlush(ctx.channel());
  }

  /** Closes once what was written so far has gone out, so a reply is not cut short by the other side's close. */
  static void closeOnFlush(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
