package io.orch.api.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checks {@code Authorization: Bearer <token>} against the configured token; no token configured permits all. */
final class BearerTokenCheck {
  private static final String SCHEME = "bearer ";
  private final byte[] expected;

  BearerTokenCheck(String token) {
    this.expected = token == null ? null : sha256(token);
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
    byte[] given = sha256(authorizationHeader.substring(SCHEME.length()).trim());
    // Constant time, so response timing does not reveal how much of a guessed token was right; comparing digests
    // of equal length also keeps the token's length from showing (isEqual returns early on a length mismatch).
    return MessageDigest.isEqual(expected, given);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
