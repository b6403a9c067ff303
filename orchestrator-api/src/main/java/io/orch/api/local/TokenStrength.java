package io.orch.api.local;

/**
 * How much randomness a token carries, so a guessable one is refused. A token is text, so its randomness is counted
 * by the alphabet it is written in: 4 bits a character when it is all hex digits ({@code openssl rand -hex 32}),
 * else 6 bits a character (base64, base64url, or any other printable ASCII; '=' padding counts nothing). That credits
 * no token with more than it can hold; a word-like token ("password1234...") is over-credited, which no counting of
 * text can tell apart.
 */
public final class TokenStrength {
  /** 256 bits, what the agent generates (32 bytes of SecureRandom). */
  public static final int MIN_RANDOM_BYTES = 32;

  public static final String RULE = "at least " + MIN_RANDOM_BYTES + " bytes of randomness: 64 hex characters or 43 "
      + "base64 characters (hex counts 4 bits a character, anything else 6)";

  private TokenStrength() {}

  /** Whole bytes of randomness in {@code token}, or -1 when it holds a character an HTTP header cannot carry. */
  public static int randomBytes(String token) {
    if (token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
      return -1;
    }
    boolean hex = !token.isEmpty() && token.chars().allMatch(c -> Character.digit(c, 16) >= 0);
    long counted = token.chars().filter(c -> c != '=').count();
    return (int) (counted * (hex ? 4 : 6) / 8);
  }

  /** Throws {@link TokenRefusedException} naming {@code where} the token came from and how to fix it. */
  public static void require(String token, String where, String fix) {
    int bytes = randomBytes(token);
    if (bytes < 0) {
      throw new TokenRefusedException(where + " holds a space or a control character; a token is printable ASCII "
          + "without spaces. " + fix);
    }
    if (bytes < MIN_RANDOM_BYTES) {
      throw new TokenRefusedException(where + " is too short: " + token.length() + " characters, about " + bytes
          + " bytes of randomness; orch needs " + RULE + ". " + fix);
    }
  }
}
