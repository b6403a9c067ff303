package io.orch.api.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one connection is in its request/response cycle, and the deadlines that follow from it: a request's headers
 * must arrive within {@code headers} of its first byte, its body within {@code body} of its headers, and a connection
 * with nothing in flight is closed when Netty's {@code IdleStateHandler} reports it idle. A request in flight (a slow
 * engine call, an event stream, a followed log) has no deadline here: the response side owns it.
 *
 * <p>Two handlers feed it, because the codec hides where a request starts: {@link #rawBytes()} sits before the HTTP
 * codec and sees the first byte, {@link #httpMessages()} sits after it and sees request heads and ends, and response
 * heads and ends on their way out. Mutated on the channel's event loop only; {@link ConnectionLimiter} reads the
 * volatile fields from other threads to pick an idle connection to close.
 */
final class ConnectionActivity {
  private static final Logger log = LoggerFactory.getLogger(ConnectionActivity.class);

  /** What the connection is reading. */
  enum ReadPhase {
    /** Between requests: no byte of the next request yet. */
    WAITING,
    /** Bytes of a request arrived, its headers are not complete. */
    HEADERS,
    /** Headers arrived, the body is not complete. */
    BODY
  }

  private final HttpLimits limits;
  private final ObjectMapper mapper;
  private volatile ReadPhase phase = ReadPhase.WAITING;
  private volatile long requestHeads;
  private volatile long responseEnds;
  private volatile long idleSinceNanos = System.nanoTime();
  private ChannelHandlerContext messages;
  private ScheduledFuture<?> deadline;

  ConnectionActivity(HttpLimits limits, ObjectMapper mapper) {
    this.limits = limits;
    this.mapper = mapper;
  }

  /**
   * True when closing this connection loses no work: no request is being answered and no body is being sent. A
   * half-sent request head counts as idle: at the cap, it is what a slowloris client holds.
   */
  boolean idle() {
    return requestHeads == responseEnds && phase != ReadPhase.BODY;
  }

  long idleSinceNanos() {
    return idleSinceNanos;
  }

  ChannelInboundHandlerAdapter rawBytes() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && buf.isReadable() && phase == ReadPhase.WAITING) {
          enter(ReadPhase.HEADERS, limits.headers());
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  ChannelDuplexHandler httpMessages() {
    return new ChannelDuplexHandler() {
      @Override
      public void handlerAdded(ChannelHandlerContext ctx) {
        messages = ctx;
      }

      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A decoder failure arrives as one full request (head and end at once): both checks apply.
        if (msg instanceof HttpRequest) {
          requestHeads++;
          enter(ReadPhase.BODY, limits.body());
        }
        if (msg instanceof LastHttpContent) {
          enter(ReadPhase.WAITING, null);
        }
        ctx.fireChannelRead(msg);
      }

      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // 100 Continue is a full response too, but it does not answer the request.
        boolean informational =
            msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational) {
          responseEnds++;
          idleSinceNanos = System.nanoTime();
        }
        ctx.write(msg, promise);
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
          if (requestHeads == responseEnds && phase == ReadPhase.WAITING) {
            log.debug("closing idle connection {}", ctx.channel());
            ctx.close();
          }
          return;
        }
        ctx.fireUserEventTriggered(evt);
      }

      @Override
      public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
      }
    };
  }

  private void enter(ReadPhase next, Duration timeout) {
    phase = next;
    cancelDeadline();
    if (timeout != null && messages != null) {
      deadline = messages.executor().schedule(() -> expire(next), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void cancelDeadline() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  private void expire(ReadPhase expired) {
    if (phase != expired || !messages.channel().isActive()) {
      return;
    }
    String what = expired == ReadPhase.HEADERS
        ? "request headers not received within " + ErrorResponses.format(limits.headers())
        : "request body not received within " + ErrorResponses.format(limits.body());
    log.debug("closing {}: {}", messages.channel(), what);
    // A 408 only when it cannot land inside or ahead of another response: every earlier request is answered and
    // this one is not (an early 413 answers a request whose body is still coming in).
    long complete = requestHeads - (expired == ReadPhase.BODY ? 1 : 0);
    if (responseEnds == complete) {
      ApiException timeout = new ApiException(408, "request_timeout", what + "; the connection is closed");
      messages.writeAndFlush(ErrorResponses.closing(timeout, mapper)).addListener(ChannelFutureListener.CLOSE);
    } else {
      messages.close();
    }
  }
}
