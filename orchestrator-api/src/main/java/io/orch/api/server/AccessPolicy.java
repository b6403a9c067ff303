package io.orch.api.server;

import java.util.Set;

/**
 * Which calls need the token. Mutating calls always do. Reads do too when the API listens beyond loopback: logs,
 * events and environment-derived status are not for everyone on the network. The probes stay open everywhere, so
 * that a supervisor or load balancer can check the agent without a secret; {@code /metrics} is not a probe
 * (Prometheus sends the token with {@code authorization: {credentials_file: ...}}).
 */
final class AccessPolicy {
  private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

  /** Who may read. */
  enum Reads {
    /** Loopback: local users can read without the token, as {@code docker ps} can. */
    OPEN,
    /** Beyond loopback: every route but the probes needs the token. */
    TOKEN_REQUIRED
  }

  private final Reads reads;

  AccessPolicy(Reads reads) {
    this.reads = reads;
  }

  Reads reads() {
    return reads;
  }

  boolean needsToken(String method, String routeTemplate) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return true;
    }
    // The web page's own files hold no data (the page asks the API for it, sending the token pasted into it), and a
    // browser cannot send a Bearer header when it opens a URL: they stay open so the page can load and ask for it.
    return reads == Reads.TOKEN_REQUIRED && !PROBES.contains(routeTemplate) && !WebPage.serves(routeTemplate);
  }
}
