package io.orch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.client.OrchClient;
import io.orch.api.dto.LogLineDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.WireJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `orch logs [-f] [-t] [--tail N] [SERVICE]`: every replica's output, prefixed like `docker compose logs` does, in
 * the order the lines were written; without a service, every service of the stack. With -f, lines as they come, from
 * restarted and new replicas too (the agent follows them).
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

  @Option(names = {"-t", "--timestamps"}, description = "Show the engine's time of each line.")
  boolean timestamps;

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
    return follow ? streamAll(client, stack, services, out) : printInTimeOrder(client, stack, services, out);
  }

  /** One line as read (text or JSON) with the time it was written, to sort by. */
  private record Read(Instant time, String printed) {}

  /**
   * Without -f, every service's lines (each service's already in time order from the agent) merged by time, as
   * `docker compose logs` prints a stack's: read to the end first, then printed.
   */
  private int printInTimeOrder(OrchClient client, String stack, List<String> services, PrintWriter out) {
    PrintWriter err = spec.commandLine().getErr();
    ObjectMapper json = WireJson.lenientMapper();
    List<Read> all = new ArrayList<>();
    int failed = 0;
    for (String s : services) {
      try {
        client.streamLogs(stack, s, false, tail == null ? -1 : tail, true, false, raw -> {
          LogLineDto line = parse(json, raw);
          all.add(new Read(line.time(), output == OutputFormat.JSON ? raw : line.text(stack, timestamps)));
          return true;
        });
      } catch (RuntimeException e) {
        failed++; // one service removed meanwhile must not hide the others
        err.println("logs of service " + s + " ended: " + e.getMessage());
      }
    }
    all.sort(Comparator.comparing(Read::time, Comparator.nullsFirst(Comparator.naturalOrder()))); // stable
    all.forEach(r -> out.println(r.printed()));
    out.flush();
    return failed == services.size() ? 1 : 0;
  }

  private static LogLineDto parse(ObjectMapper json, String raw) {
    try {
      return json.readValue(raw, LogLineDto.class);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the agent sent a log line that is not JSON: " + raw, e);
    }
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
    client.streamLogs(stack, name, follow, tail == null ? -1 : tail, output == OutputFormat.JSON, timestamps, line -> {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
      return true;
    });
  }
}
