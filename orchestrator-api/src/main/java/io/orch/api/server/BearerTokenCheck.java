package io.orch.api.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks {@code Authorization: Bearer <token>} against the configured token; no token configured permits all. */
final class BearerTokenCheck {
  private static final String SCHEME = "bearer ";
  private final byte[] expected;

  BearerTokenCheck(String token) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  boolean required() {
    return expected != null;
  }

  boolean permits(String authorizationHeader) {
    if (expected == null) {
      return true;
    }
    if (authorizationHeader == null || authorizationHeader.length() < SCHEME.length()
        || !authorizationHeader.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    byte[] given = authorizationHeader.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8);
    // Constant time, so response timing does not reveal how much of a guessed token was right.
    return MessageDigest.isEqual(expected, given);
  }
}
