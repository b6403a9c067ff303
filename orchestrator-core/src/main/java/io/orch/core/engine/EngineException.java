package io.orch.core.engine;

/**
 * A failed engine call, typed by what the caller should do about it; the engine's own message is kept. Subclasses:
 * {@link NotFound}, {@link Conflict}, {@link Rejected} (permanent: show it, don't retry in a loop), {@link Unavailable}
 * (transient: retry later).
 */
public abstract sealed class EngineException extends RuntimeException {
  protected EngineException(String message, Throwable cause) {
    super(message, cause);
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
  }

  public static final class Unavailable extends EngineException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
