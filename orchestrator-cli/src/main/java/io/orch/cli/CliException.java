package io.orch.cli;

/** A failure to report to the user in one line, with the exit code it means (1 failed, 2 bad input). */
final class CliException extends RuntimeException {
  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  static CliException badInput(String message) {
    return new CliException(2, message);
  }

  static CliException failed(String message) {
    return new CliException(1, message);
  }

  int exitCode() {
    return exitCode;
  }
}
