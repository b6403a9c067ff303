package io.orch.cli;

import io.orch.api.local.DurationFlag;
import java.time.Duration;

/** A duration flag of the CLI: {@link DurationFlag}'s reading, a bad one reported as bad input (exit 2). */
final class CliDurations {
  private CliDurations() {}

  static Duration parse(String option, String text) {
    try {
      return DurationFlag.parse(option, text);
    } catch (IllegalArgumentException e) {
      throw CliException.badInput(e.getMessage());
    }
  }
}
