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
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one proxied connection. On accept it takes a place among the port's connections
 * ({@link PortConnections}: at the cap the longest idle one makes room, or this one is closed at once), then connects
 * to the next replica in rotation; a connect that fails or is slow (a replica just killed, before its event arrives; a
 * full accept queue) goes on to the next, as {@link ConnectAttempts} orders them, and only when none is left is the
 * client closed. Client bytes are read only once a replica is connected, and then one chunk at a time. A connection
 * idle for the port's idle timeout (Netty's {@code IdleStateHandler} ahead of this one) is closed; a replica that
 * got the client's bytes but sends nothing back within the response timeout is reported to the passive health check
 * and the connection closed. Every callback runs on the client's event loop, which the replica's channel shares.
 */
final class ProxyFrontendHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ProxyFrontendHandler.class);

  private final IngressListener listener;
  private final IngressBudget budget;
  private Channel backend;
  private Backend target;
  private boolean admitted;
  private boolean answered;
  private ScheduledFuture<?> responseDeadline;

  ProxyFrontendHandler(IngressListener listener, IngressBudget budget) {
    this.listener = listener;
    this.budget = budget;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    listener.metrics().connections.increment();
    PortConnections.Admission admission = listener.clients().admit(ctx.channel(),
        listener.route().limits().maxConnections(), System.nanoTime());
    if (admission != PortConnections.Admission.ADMITTED) {
      listener.reportCap(admission, budget);
    }
    if (admission == PortConnections.Admission.REFUSED) {
      listener.metrics().rejected.increment();
      ctx.close();
      return;
    }
    admitted = true;
    listener.metrics().active.incrementAndGet();
    connect(ctx.channel(), ConnectAttempts.over(listener.nextAttempts()), 0);
  }

  /** The replica sent its first bytes: it answers; the response deadline, if running, is met. */
  void backendAnswered() {
    if (answered || target == null) {
      return;
    }
    answered = true;
    if (responseDeadline != null) {
      responseDeadline.cancel(false);
      responseDeadline = null;
    }
    listener.health().answered(target.containerId()).ifPresent(v -> listener.report(v, target.name()));
  }

  /** Starts the response deadline when the client's first bytes go to a replica that has not said anything yet. */
  private void awaitAnswer(ChannelHandlerContext ctx) {
    if (answered || responseDeadline != null || !listener.route().limits().checksResponses()) {
      return;
    }
    Duration timeout = listener.route().limits().responseTimeout();
    responseDeadline = ctx.executor().schedule(() -> {
      if (answered || !ctx.channel().isActive()) {
        return;
      }
      listener.metrics().responseTimeouts.increment();
      log.debug("{}: {} sent nothing back within {}; closing the connection", listener.route().hostAddress(),
          target.name(), timeout);
      listener.health().timedOut(target.containerId(), System.nanoTime())
          .ifPresent(v -> {
            log.warn("ingress {}: {} did not answer within {}s; out of rotation", listener.route().hostAddress(),
                target.name(), timeout.toSeconds());
            listener.report(v, target.name());
          });
      ctx.close();
    }, timeout.toNanos(), TimeUnit.NANOSECONDS);
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
    Backend attempt = attempts.get(index).backend();
    Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(listener.clientChannelType())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, attempts.get(index).timeoutMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.AUTO_READ, false)
        .handler(new ProxyBackendHandler(client, listener, this));
    ChannelFuture connecting = b.connect(attempt.address());
    connecting.addListener((ChannelFutureListener) f -> {
      Backend target = attempt;
      if (f.isSuccess()) {
        backend = f.channel();
        this.target = target;
        listener.connections().opened(target.containerId());
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
    listener.clients().touch(ctx.channel(), System.nanoTime());
    if (backend == null || !backend.isActive()) {
      io.netty.util.ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    awaitAnswer(ctx);
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
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      log.debug("{}: closing a connection idle for {}", listener.route().hostAddress(),
          listener.route().limits().idleTimeout());
      listener.metrics().idleClosed.increment();
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (responseDeadline != null) {
      responseDeadline.cancel(false);
    }
    if (!admitted) {
      return;
    }
    listener.clients().release(ctx.channel());
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
