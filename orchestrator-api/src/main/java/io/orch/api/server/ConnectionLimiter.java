package io.orch.api.server;

import io.netty.channel.Channel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the number of open API connections at or below a cap, so that a flood of connections cannot use up the
 * agent's file descriptors and take {@code /healthz} with them. A connection past the cap first makes room by
 * closing the longest idle connection (idle keep-alive connections are cheap to lose: clients reconnect); only when
 * every connection is busy answering a request is the new one refused. Shared by all event loops.
 */
final class ConnectionLimiter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
  private static final long WARN_EVERY_NANOS = 60_000_000_000L;

  private final int max;
  private final Map<Channel, ConnectionActivity> open = new LinkedHashMap<>();
  private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;

  ConnectionLimiter(int max) {
    this.max = max;
  }

  /**
   * Admits {@code channel}, closing an idle one when at the cap; false when all {@code max} connections are busy. An
   * admitted channel leaves the count when it closes.
   */
  synchronized boolean admit(Channel channel, ConnectionActivity activity) {
    if (open.size() >= max) {
      Channel victim = longestIdle();
      if (victim == null) {
        warn("all {} API connections are busy; refusing new ones with 503", max);
        return false;
      }
      warn("{} API connections open (the cap); closing the longest idle ones to admit new ones", max);
      open.remove(victim);
      victim.close();
    }
    open.put(channel, activity);
    channel.closeFuture().addListener(f -> release(channel));
    return true;
  }

  synchronized int openConnections() {
    return open.size();
  }

  private synchronized void release(Channel channel) {
    open.remove(channel);
  }

  private Channel longestIdle() {
    Channel oldest = null;
    long oldestSince = 0;
    for (Map.Entry<Channel, ConnectionActivity> e : open.entrySet()) {
      ConnectionActivity a = e.getValue();
      if (a.idle() && (oldest == null || a.idleSinceNanos() - oldestSince < 0)) {
        oldest = e.getKey();
        oldestSince = a.idleSinceNanos();
      }
    }
    return oldest;
  }

  // Once a minute at most: a flood would otherwise write one line per connection.
  private void warn(String format, Object arg) {
    long now = System.nanoTime();
    if (now - lastWarnNanos >= WARN_EVERY_NANOS) {
      lastWarnNanos = now;
      log.warn(format, arg);
    }
  }
}
