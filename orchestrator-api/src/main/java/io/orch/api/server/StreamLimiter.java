package io.orch.api.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Caps the open streams (event streams, followed logs): per client address and in total, in two pools, one for callers
 * holding the token and a smaller one for callers without it. A stream holds its connection busy for as long as it
 * runs, so without this cap about as many streams as {@link HttpLimits#maxConnections()} would leave no connection to
 * evict and every new one, health checks and token holders' writes included, would be refused (issue 19: ~1,024 SSE
 * streams from any local user shut out the API). The two pools together stay well below the connection cap, and a
 * flood of unauthenticated streams cannot take the token holders' pool. Shared by all connections.
 */
final class StreamLimiter {
  /** Whether the caller presented the agent's token; an agent without a token has only anonymous callers. */
  enum Caller {
    ANONYMOUS, TOKEN_HOLDER;

    String describe() {
      return this == ANONYMOUS ? "unauthenticated" : "token holder's";
    }
  }

  /** At most {@code perClient} streams from one address, at most {@code total} from all. */
  record Quota(int perClient, int total) {
    Quota {
      if (perClient < 1 || total < perClient) {
        throw new IllegalArgumentException("stream quota needs 1 <= perClient <= total, got " + perClient + "/"
            + total);
      }
    }
  }

  /**
   * The quotas for an API of {@code maxConnections}: token holders up to half the connections (an eighth from one
   * address), anonymous callers up to an eighth (a thirty-second from one address): 512/128 and 128/32 at 1,024. The
   * rest of the connections stay for requests, and idle ones can always be evicted to make room.
   */
  static StreamLimiter forConnections(int maxConnections) {
    return new StreamLimiter(
        new Quota(Math.max(1, maxConnections / 32), Math.max(1, maxConnections / 8)),
        new Quota(Math.max(1, maxConnections / 8), Math.max(1, maxConnections / 2)));
  }

  /** Why a stream was refused, for the 429 and the event. */
  record Refusal(Caller caller, InetAddress client, int cap, boolean perClient) {
    String message() {
      return perClient
          ? cap + " " + caller.describe() + " streams (event streams, followed logs) are open from " + address()
              + " (the cap per client)"
          : cap + " " + caller.describe() + " streams (event streams, followed logs) are open (the cap for all clients)";
    }

    private String address() {
      return client == null ? "this client" : client.getHostAddress();
    }
  }

  /** One admitted stream; {@link #release} gives its place back (once). */
  final class Slot {
    private final Caller caller;
    private final InetAddress client;
    private boolean released;

    private Slot(Caller caller, InetAddress client) {
      this.caller = caller;
      this.client = client;
    }

    void release() {
      synchronized (StreamLimiter.this) {
        if (released) {
          return;
        }
        released = true;
        Pool pool = pools.get(caller);
        pool.total--;
        pool.byClient.computeIfPresent(key(client), (k, n) -> n <= 1 ? null : n - 1);
      }
    }
  }

  private static final class Pool {
    final Quota quota;
    final Map<String, Integer> byClient = new HashMap<>();
    int total;

    Pool(Quota quota) {
      this.quota = quota;
    }
  }

  /** A flood is reported once, then at most once a minute with how many were refused meanwhile. */
  private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

  private final Map<Caller, Pool> pools = new HashMap<>();
  private long lastReportNanos;
  private boolean reported;
  private long refusedSinceReport;

  StreamLimiter(Quota anonymous, Quota tokenHolders) {
    pools.put(Caller.ANONYMOUS, new Pool(anonymous));
    pools.put(Caller.TOKEN_HOLDER, new Pool(tokenHolders));
  }

  Quota quota(Caller caller) {
    return pools.get(caller).quota;
  }

  /** A slot for one more stream of {@code caller} from {@code client}, or why there is none. */
  synchronized Result acquire(Caller caller, InetAddress client) {
    Pool pool = pools.get(caller);
    int fromClient = pool.byClient.getOrDefault(key(client), 0);
    if (fromClient >= pool.quota.perClient()) {
      return new Result(Optional.empty(), new Refusal(caller, client, pool.quota.perClient(), true));
    }
    if (pool.total >= pool.quota.total()) {
      return new Result(Optional.empty(), new Refusal(caller, client, pool.quota.total(), false));
    }
    pool.total++;
    pool.byClient.merge(key(client), 1, Integer::sum);
    return new Result(Optional.of(new Slot(caller, client)), null);
  }

  /**
   * Counts a refusal and returns the event message to report now, or empty when one was reported less than a minute
   * ago (a client opening 2,000 streams gets 1,968 refusals, not worth 1,968 events).
   */
  synchronized Optional<String> report(Refusal refusal, long nowNanos) {
    refusedSinceReport++;
    if (reported && nowNanos - lastReportNanos < REPORT_EVERY_NANOS) {
      return Optional.empty();
    }
    String message = "refused " + (refusedSinceReport == 1 ? "a stream" : refusedSinceReport + " streams")
        + (reported ? " in the last minute" : "") + " with 429: " + refusal.message()
        + "; reported at most once a minute";
    reported = true;
    lastReportNanos = nowNanos;
    refusedSinceReport = 0;
    return Optional.of(message);
  }

  synchronized int open(Caller caller) {
    return pools.get(caller).total;
  }

  /** Either a slot or a refusal. */
  record Result(Optional<Slot> slot, Refusal refusal) {}

  private static String key(InetAddress client) {
    return client == null ? "" : client.getHostAddress();
  }
}
