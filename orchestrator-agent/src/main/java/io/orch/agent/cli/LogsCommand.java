package io.orch.agent.cli;

import io.orch.api.client.OrchClient;
import io.orch.api.dto.ServiceStatusDto;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `orch logs [-f] [--tail N] [SERVICE]`: every replica's output, prefixed like `docker compose logs` does; without a
 * service, every service of the stack at once, their lines interleaved as they come.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = "Show (and follow) the logs of a service, or of every service of the stack.")
final class LogsCommand implements Callable<Integer> {
  @Mixin AgentOptions agent;

  // Not the StackFileOptions mixin: -f means --follow here, as in `docker compose logs -f`.
  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
      description = "Stack name (default: the name of the stack file in the current folder).")
  String projectName;

  @Option(names = "--file", paramLabel = "FILE", description = "Stack file to take the stack name from.")
  java.nio.file.Path file;

  @Parameters(paramLabel = "SERVICE", arity = "0..1",
      description = "The service whose replicas' logs to show (default: every service).")
  String service;

  @Option(names = {"-f", "--follow"}, description = "Keep streaming new lines.")
  boolean follow;

  @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Lines per replica from the end (default: all).")
  Integer tail;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (web-1 | line) or json (one object per line with stream and time; default "
          + "${DEFAULT-VALUE}).")
  OutputFormat output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (tail != null && tail < 0) {
      throw CliException.badInput("--tail must be 0 or more, got " + tail);
    }
    PrintWriter out = spec.commandLine().getOut();
    String stack = projectName;
    if (stack == null) {
      StackFileOptions stackFile = new StackFileOptions();
      stackFile.files = file == null ? List.of() : List.of(file);
      stack = stackFile.stackNameOrFail(spec.commandLine().getErr());
    }
    OrchClient client = agent.client();
    List<String> services = service != null ? List.of(service)
        : client.services(stack).stream().map(ServiceStatusDto::service).toList();
    if (services.isEmpty()) {
      spec.commandLine().getErr().println("stack " + stack + " has no services");
      return 0;
    }
    if (services.size() == 1) {
      stream(client, stack, services.get(0), out);
      return 0;
    }
    return streamAll(client, stack, services, out);
  }

  /** One stream per service, each on its own thread; the lines carry their service-slot prefix from the agent. */
  private int streamAll(OrchClient client, String stack, List<String> services, PrintWriter out) {
    PrintWriter err = spec.commandLine().getErr();
    List<Thread> threads = new ArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    for (String s : services) {
      Thread t = new Thread(() -> {
        try {
          stream(client, stack, s, out);
        } catch (RuntimeException e) {
          // One service's stream ending badly (removed meanwhile) must not silence the others.
          failed.incrementAndGet();
          synchronized (out) {
            err.println("logs of service " + s + " ended: " + e.getMessage());
            err.flush();
          }
        }
      }, "logs-" + s);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 130;
      }
    }
    return failed.get() == services.size() ? 1 : 0;
  }

  private void stream(OrchClient client, String stack, String name, PrintWriter out) {
    client.streamLogs(stack, name, follow, tail == null ? -1 : tail, output == OutputFormat.JSON, line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
      return true;
    });
  }
}
