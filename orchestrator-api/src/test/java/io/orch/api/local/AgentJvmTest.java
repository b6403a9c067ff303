package io.orch.api.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentJvmTest {
  @Test
  void theOverrideIsAppendedAfterTheDefaults() {
    assertThat(AgentJvm.options(null)).isEqualTo(AgentJvm.OPTIONS);
    assertThat(AgentJvm.options("  ")).isEqualTo(AgentJvm.OPTIONS);
    assertThat(AgentJvm.options(" -Xmx128m  -XX:+UseG1GC "))
        .startsWith(AgentJvm.OPTIONS.toArray(String[]::new))
        .endsWith("-Xmx128m", "-XX:+UseG1GC")
        .hasSize(AgentJvm.OPTIONS.size() + 2);
  }
}
