package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.SubmitResultDto;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCommandTest {
  @Test
  void printsTheStepsIndented() {
    SubmitResultDto answer = new SubmitResultDto("elk", true,
        List.of("create elk-elasticsearch-1 (scale up)", "create elk-kibana-1 (scale up)"), List.of(), List.of(),
        List.of("step 1:", "  create elk-elasticsearch-1 (scale up)", "  kibana waits for elasticsearch"
            + " (service_healthy)", "step 2:", "  create elk-kibana-1 (scale up)"));

    assertThat(PlanCommand.summary(answer)).isEqualTo("2 action(s) in 2 step(s)");
    assertThat(print(answer)).isEqualTo("""
          step 1:
            create elk-elasticsearch-1 (scale up)
            kibana waits for elasticsearch (service_healthy)
          step 2:
            create elk-kibana-1 (scale up)
        """);
  }

  @Test
  void anAgentWithoutStepsGetsItsActionsListed() {
    SubmitResultDto answer = new SubmitResultDto("hello", true, List.of("create hello-web-1 (scale up)"), List.of());

    assertThat(PlanCommand.summary(answer)).isEqualTo("1 action(s)");
    assertThat(print(answer)).isEqualTo("  create hello-web-1 (scale up)\n");
  }

  @Test
  void onlyPendingWaitsIsNothingToDoNow() {
    SubmitResultDto answer = new SubmitResultDto("hello", false, List.of(), List.of(), List.of(),
        List.of("pending:", "  web: hello-web-1: exited 1, restart 2 in 4s"));

    assertThat(PlanCommand.summary(answer)).isEqualTo("nothing to do now");
  }

  private static String print(SubmitResultDto answer) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      PlanCommand.printSteps(out, answer);
    }
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
