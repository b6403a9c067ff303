package io.orch.cli;

import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * Whether the CLI's help may use ANSI colours. picocli's own AUTO mode honours {@code NO_COLOR} but colours a
 * terminal whose {@code TERM} is {@code dumb} (Emacs shells, some CI consoles), which then shows the raw escape
 * codes. Colours only on a terminal, never with {@code NO_COLOR} (https://no-color.org) or {@code TERM=dumb}.
 */
final class TerminalColors {
  private TerminalColors() {}

  static Ansi ansi(Map<String, String> env, boolean terminal) {
    String noColor = env.get("NO_COLOR");
    if (!terminal || noColor != null && !noColor.isEmpty() || "dumb".equals(env.get("TERM"))) {
      return Ansi.OFF;
    }
    return Ansi.AUTO;
  }
}
