package io.orch.cli.engine;

import java.util.List;

/**
 * A build that did not produce an image: the reason, and the output of the step that failed (empty when the build
 * never started, e.g. a missing context), for the user to read.
 */
public final class BuildException extends RuntimeException {
  private final List<String> stepOutput;

  public BuildException(String message) {
    this(message, List.of());
  }

  public BuildException(String message, List<String> stepOutput) {
    super(message);
    this.stepOutput = List.copyOf(stepOutput);
  }

  public List<String> stepOutput() {
    return stepOutput;
  }
}
