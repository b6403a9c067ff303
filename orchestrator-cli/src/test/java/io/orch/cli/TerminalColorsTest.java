package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

class TerminalColorsTest {
  @Test
  void noColoursWithoutATerminalWithNoColorOrOnADumbTerminal() {
    assertThat(TerminalColors.ansi(Map.of("TERM", "xterm-256color"), false)).isEqualTo(Ansi.OFF);
    assertThat(TerminalColors.ansi(Map.of("TERM", "dumb"), true)).isEqualTo(Ansi.OFF);
    assertThat(TerminalColors.ansi(Map.of("TERM", "xterm", "NO_COLOR", "1"), true)).isEqualTo(Ansi.OFF);
    assertThat(TerminalColors.ansi(Map.of("TERM", "xterm", "NO_COLOR", ""), true)).isEqualTo(Ansi.AUTO);
    assertThat(TerminalColors.ansi(Map.of("TERM", "xterm"), true)).isEqualTo(Ansi.AUTO);
  }
}
