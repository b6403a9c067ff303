package io.orch.api.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed response on one channel: a head with {@code Transfer-Encoding: chunked}, then one flushed chunk per
 * {@link #write}. The producer's handle is closed exactly once, when the response ends or the client goes away.
 */
final class ChunkedResponse implements ChunkWriter {
  private static final Logger log = LoggerFactory.getLogger(ChunkedResponse.class);
  /**
   * A replay of the whole event history (10,000 events, a few MiB) must fit without tripping the slow-client check;
   * a client that lets more than this pile up is not reading and is disconnected.
   */
  private static final WriteBufferWaterMark STREAM_WATER_MARK = new WriteBufferWaterMark(1 << 20, 8 << 20);
  private static final Duration WRITABLE_POLL = Duration.ofMillis(5);

  private final Channel channel;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final AtomicReference<AutoCloseable> producer = new AtomicReference<>();
  private final HttpResponse head;
  private final Runnable onHead;
  private boolean headSent; // guarded by this

  private ChunkedResponse(Channel channel, HttpResponse head, Runnable onHead) {
    this.channel = channel;
    this.head = head;
    this.onHead = onHead;
  }

  /**
   * Opens the body, sends the head (at the body's first write, or once it is open) and returns a future completed
   * when the response is over (ended or client gone), so requests pipelined behind it wait. {@code onHead} runs once
   * the head is written. A body that fails to open with an {@link ApiException} before writing anything throws it
   * from here, so the caller answers with its status (a 503 for logs of an engine that does not answer) instead of
   * a 200 whose body says "error".
   */
  static CompletableFuture<Void> start(Channel channel, ApiReply.Stream reply, Runnable onHead) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()));
    head.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
    ResponseHeaders.addTo(head.headers());
    // Tells nginx-style proxies not to buffer the stream: each event must reach the client when it happens.
    head.headers().set("X-Accel-Buffering", "no");
    HttpUtil.setTransferEncodingChunked(head, true);
    ChunkedResponse response = new ChunkedResponse(channel, head, onHead);
    channel.config().setWriteBufferWaterMark(STREAM_WATER_MARK);
    channel.closeFuture().addListener(f -> response.finish());
    try {
      response.producer.set(reply.body().open(response));
      response.sendHead();
    } catch (ApiException e) {
      if (response.abandonBeforeHead()) {
        throw e;
      }
      log.debug("streamed response failed after its head: {}", e.getMessage());
      response.write("error: " + e.getMessage() + "\n");
      response.end();
    } catch (Exception e) {
      log.warn("streamed response failed to start", e);
      response.sendHead();
      response.write("error: " + e.getMessage() + "\n");
      response.end();
    }
    if (response.finished.get()) {
      response.closeProducer();
    }
    return response.done;
  }

  /**
   * When nothing was sent yet: gives the response up (later writes are dropped) so the caller can answer with an
   * error of its own, and returns true. Returns false when the head went already.
   */
  private synchronized boolean abandonBeforeHead() {
    if (headSent) {
      return false;
    }
    headSent = true;
    ended.set(true);
    return true;
  }

  /** Writes the head unless it went already; returns whether it had. */
  private synchronized boolean sendHead() {
    if (headSent) {
      return true;
    }
    headSent = true;
    channel.writeAndFlush(head).addListener(f -> onHead.run());
    return false;
  }

  @Override
  public boolean write(String text) {
    if (!isOpen()) {
      return false;
    }
    sendHead();
    channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    return true;
  }

  @Override
  public void end() {
    if (ended.compareAndSet(false, true) && channel.isActive()) {
      sendHead();
      channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> finish());
    } else {
      finish();
    }
  }

  @Override
  public void abort() {
    ended.set(true);
    channel.close();
  }

  @Override
  public boolean isOpen() {
    return !ended.get() && channel.isActive();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public boolean awaitWritable(Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    // Netty signals writability on the event loop only; a producer on its own thread polls briefly instead.
    while (isOpen() && !channel.isWritable() && System.nanoTime() < deadline) {
      Thread.sleep(WRITABLE_POLL.toMillis());
    }
    return isOpen() && channel.isWritable();
  }

  @Override
  public ScheduledExecutorService scheduler() {
    return channel.eventLoop();
  }

  private void finish() {
    if (finished.compareAndSet(false, true)) {
      ended.set(true);
      closeProducer();
      done.complete(null);
    }
  }

  private void closeProducer() {
    AutoCloseable p = producer.getAndSet(null);
    if (p == null) {
      return;
    }
    try {
      p.close();
    } catch (Exception e) {
      log.debug("closing a stream producer failed: {}", e.toString());
    }
  }
}
