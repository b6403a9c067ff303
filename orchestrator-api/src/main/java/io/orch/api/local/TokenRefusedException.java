package io.orch.api.local;

/** An API token orch will not use (readable by others, too short): the agent does not start, the CLI exits 2. */
public final class TokenRefusedException extends RuntimeException {
  public TokenRefusedException(String message) {
    super(message);
  }
}
