package io.orch.core.engine;

import java.util.Optional;

/**
 * A failed engine call, typed by what the caller should do about it; the engine's own message is kept. Subclasses:
 * {@link NotFound}, {@link Conflict}, {@link Rejected} (permanent: show it, don't retry in a loop), {@link Unavailable}
 * (transient: retry later). {@link #standing()} names a failure that will not clear up without the user (a host port
 * another program holds, an image that cannot be pulled), whichever way it is retried.
 */
public abstract sealed class EngineException extends RuntimeException {
  private final StandingFailure.Kind standing;

  protected EngineException(String message, Throwable cause) {
    this(message, cause, null);
  }

  protected EngineException(String message, Throwable cause, StandingFailure.Kind standing) {
    super(message, cause);
    this.standing = standing;
  }

  /** What the user must fix before this call can succeed, when the engine said so. */
  public Optional<StandingFailure.Kind> standing() {
    return Optional.ofNullable(standing);
  }

  public static final class NotFound extends EngineException {
    public NotFound(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static final class Conflict extends EngineException {
    public Conflict(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static final class Rejected extends EngineException {
    public Rejected(String message, Throwable cause) {
      super(message, cause);
    }

    public Rejected(String message, Throwable cause, StandingFailure.Kind standing) {
      super(message, cause, standing);
    }
  }

  public static final class Unavailable extends EngineException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }

    public Unavailable(String message, Throwable cause, StandingFailure.Kind standing) {
      super(message, cause, standing);
    }
  }
}
