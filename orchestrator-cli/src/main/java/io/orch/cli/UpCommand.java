package io.orch.cli;

import io.orch.cli.engine.ImageBuilder;
import io.orch.api.client.OrchClient;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.SubmitResultDto;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackWriter;
import io.orch.core.model.Stack;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `orch up`: validates the file locally (errors name file:line:column), builds the images of build: services that are
 * missing (all with --build), starts an agent if none answers, submits the normalized stack, then follows each service
 * until every replica runs the declared spec (and is healthy where it has a health check) and every rollout has
 * finished; exits 1 when a rollout pauses or rolls back, with the reason and the commands that resume or inspect it,
 * and as soon as a service fails or is degraded (see {@link UpVerdict}), with the cause.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = "Submit a stack and wait until it runs as declared.")
final class UpCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(300);

  @Mixin StackFileOptions stackFile;
  @Mixin AgentOptions agent;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
      description = "How long to wait for the stack to converge (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = {"-d", "--detach", "--no-wait"}, description = "Submit and return without waiting for"
      + " convergence (-d as in docker compose up -d).")
  boolean noWait;

  @Option(names = "--remove-orphans", description = "Remove the running services the file no longer has (default:"
      + " keep them, as docker compose does, and name them).")
  boolean removeOrphans;

  @Option(names = "--build", description = "Build the images of build: services before submitting (default: only"
      + " those missing).")
  boolean build;

  @Option(names = "--no-lint", description = "Do not print lint findings (env " + UpLint.ENV + "=1 does the"
      + " same; `orch lint` still reports them).")
  boolean noLint;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit = CliDurations.parse("--timeout", timeout);
    LoadResult loaded = stackFile.loadOrFail(err);
    String name = loaded.stack().name();
    if (UpLint.enabled(noLint, System.getenv())) {
      UpLint.print(loaded, err);
    }
    // Built before the agent is asked for anything: a failed build submits nothing.
    Stack stack = new StackImages(out, err).prepare(loaded.stack(), List.of(),
        build ? StackImages.When.ALWAYS : StackImages.When.MISSING, ImageBuilder.Overrides.NONE);
    AgentLauncher.ensureRunning(agent, out);
    OrchClient client = agent.client();
    byte[] body = StackWriter.toSubmission(stack).getBytes(StandardCharsets.UTF_8);
    SubmitResultDto result = client.submit(name, body, "application/yaml", false, removeOrphans,
        loaded.activeProfiles());
    if (!result.changed() && result.actions().isEmpty() && result.plan().isEmpty()) {
      out.println("stack " + name + " is up to date: nothing to change");
    } else {
      out.println((result.changed() ? "submitted stack " : "stack unchanged, converging ") + name
          + (result.actions().isEmpty() ? "" : ": " + PlanCommand.summary(result)));
      PlanCommand.printSteps(out, result);
    }
    if (!result.keptOrphans().isEmpty()) {
      err.println("kept " + result.keptOrphans().size() + " service(s) of stack " + name + " that the file no longer"
          + " has: " + String.join(", ", result.keptOrphans()) + " (they keep running as they are; orch up"
          + " --remove-orphans removes them)");
      err.flush();
    }
    out.flush();
    if (noWait) {
      return 0;
    }
    return waitForConvergence(client, name, limit, out, err);
  }

  static int waitForConvergence(OrchClient client, String name, Duration limit, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    Map<String, String> shown = new HashMap<>();
    RolloutProgressLog rollouts = new RolloutProgressLog();
    List<ServiceStatusDto> services = List.of();
    // The status of a pass planned before this submission says nothing about it: wait for one planned from it.
    long submitted = client.stack(name).map(StackDto::generation).orElse(0L);
    while (true) {
      Optional<StackDto> stack = client.stack(name);
      if (stack.isPresent() && stack.get().observedGeneration() < submitted
          && stack.get().observedGeneration() != 0 && Instant.now().isBefore(deadline)) {
        Thread.sleep(POLL.toMillis());
        continue;
      }
      services = stack.map(StackDto::services).orElse(List.of());
      for (ServiceStatusDto s : services) {
        String line = Progress.line(s);
        if (!line.equals(shown.put(s.service(), line))) {
          out.println(line);
        }
        // Under way: its progress; stuck: said once, on stderr, when `up` gives up below.
        rollouts.next(s).ifPresent(r -> out.println("  " + r));
      }
      out.flush();
      UpVerdict verdict = UpVerdict.of(name, services);
      if (verdict.kind() == UpVerdict.Kind.NOT_AS_DECLARED) {
        verdict.reasons().forEach(err::println);
        return verdict.exitCode();
      }
      if (verdict.kind() == UpVerdict.Kind.UP) {
        out.println("stack " + name + " is up: " + Progress.summary(services));
        return verdict.exitCode();
      }
      if (Instant.now().isAfter(deadline)) {
        err.println("stack " + name + " did not converge within " + limit.toSeconds() + "s:");
        services.stream().filter(s -> !Progress.done(s))
            .forEach(s -> err.println("  " + s.service() + ": " + Progress.why(s)));
        return 1;
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
