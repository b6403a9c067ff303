package io.orch.agent.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The state dir refused a write (full, read-only, no permission). The stored stacks are as they were before the
 * call: the API answers 507 rather than a generic 500, naming the dir and the cause.
 */
public final class StateWriteException extends RuntimeException {
  private final Path dir;
  private final StorageFailure failure;

  public StateWriteException(Path dir, IOException cause) {
    super(message(dir, StorageFailure.of(cause), cause), cause);
    this.dir = dir;
    this.failure = StorageFailure.of(cause);
  }

  private static String message(Path dir, StorageFailure failure, IOException cause) {
    String detail = failure == StorageFailure.OTHER ? " (" + cause + ")" : "";
    return "cannot write to the state dir " + dir + ": " + failure.cause() + detail + "; " + failure.fix();
  }

  public Path dir() {
    return dir;
  }

  public StorageFailure failure() {
    return failure;
  }
}
