package io.orch.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.testing.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The operator's Prometheus files pass Debian's promtool: the scrape config (with the rule file it loads), the alert
 * rules, and the alerts' own unit tests (alerts_test.yml: each alert fires on the series it is meant for, and only
 * then). An IT because it needs /usr/bin/promtool; it fails when that is missing.
 */
class PrometheusExamplesIT {
  private static final Path DIR = RepoRoot.examples().resolve("prometheus");

  @Test
  void scrapeConfigIsValid() throws Exception {
    assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS: 1 rule files found");
  }

  @Test
  void alertRulesAreValid() throws Exception {
    assertThat(promtool("check", "rules", "alerts.yml")).contains("SUCCESS: 5 rules found");
  }

  @Test
  void alertsFireAsTheirUnitTestsExpect() throws Exception {
    assertThat(promtool("test", "rules", "alerts_test.yml")).contains("SUCCESS");
  }

  private static String promtool(String... args) throws IOException, InterruptedException {
    Path promtool = Path.of("/usr/bin/promtool");
    assertThat(promtool).as("Debian's prometheus package (apt-get install prometheus)").isExecutable();
    String[] command = new String[args.length + 1];
    command[0] = promtool.toString();
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), output).isZero();
    return output;
  }
}
