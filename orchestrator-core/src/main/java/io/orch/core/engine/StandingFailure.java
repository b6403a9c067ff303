package io.orch.core.engine;

import java.util.Optional;

/**
 * A failure that will not fix itself: orch goes on retrying (so fixing the cause converges the stack), but waiting
 * for it is pointless, so `orch up` stops and says why, and the service shows as failed with this as its last error.
 * {@code message} says what and how to fix it.
 */
public record StandingFailure(Kind kind, String message) {
  public enum Kind {
    /** A host port the service publishes is held by another program (or another stack's container). */
    HOST_PORT_TAKEN,
    /** The image is not on this host and cannot be pulled (or is built and missing, or pull_policy forbids it). */
    IMAGE_UNAVAILABLE,
    /** The health check's command is not in the image (or cannot be run): it can never pass. */
    HEALTHCHECK_COMMAND_MISSING,
    /** A network or volume the stack would create exists already without orch's labels, and is not external. */
    NAME_TAKEN_BY_FOREIGN_OBJECT
  }

  /** POSIX shells exit 127 for a command they cannot find, 126 for one they found but cannot run. */
  static final int SHELL_NOT_FOUND = 127;
  static final int SHELL_CANNOT_RUN = 126;

  /**
   * Whether a health-check probe that ended with {@code exitCode} and printed {@code output} means its command is
   * not in the image. A {@code CMD-SHELL} check tells by its exit code (the shell's 127 or 126, a typed signal); a
   * {@code CMD} (exec) check the engine cannot start ends with -1 and only its message says why, so that message is
   * read here and nowhere else.
   */
  public static Optional<StandingFailure> ofHealthProbe(String container, Integer exitCode, String output) {
    if (exitCode == null) {
      return Optional.empty();
    }
    boolean shellMissing = exitCode == SHELL_NOT_FOUND || exitCode == SHELL_CANNOT_RUN;
    boolean execMissing = exitCode < 0 && output != null
        && (output.contains("executable file not found") || output.contains("no such file or directory")
            || output.contains("permission denied"));
    if (!shellMissing && !execMissing) {
      return Optional.empty();
    }
    return Optional.of(new StandingFailure(Kind.HEALTHCHECK_COMMAND_MISSING, container + ": the health check's"
        + " command cannot run in the image (probe exit " + exitCode + (output == null ? "" : ": " + output)
        + "); fix healthcheck.test or add the command to the image"));
  }
}
