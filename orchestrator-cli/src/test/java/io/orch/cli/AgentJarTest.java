package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CLI finds the agent's jar where a build or an install puts it, without being told. */
class AgentJarTest {
  @Test
  void besideTheCliJarFirstThenTheSourceTreesAgentModule() {
    assertThat(AgentJar.candidates(Path.of("/src/orch/orchestrator-cli/target/orch.jar"))).containsExactly(
        Path.of("/src/orch/orchestrator-cli/target/orch-agent.jar"),
        Path.of("/src/orch/orchestrator-agent/target/orch-agent.jar"));
  }

  @Test
  void anInstallInOneFolderFindsItsNeighbour() {
    assertThat(AgentJar.candidates(Path.of("/opt/orch/orch.jar")))
        .startsWith(Path.of("/opt/orch/orch-agent.jar"));
  }
}
