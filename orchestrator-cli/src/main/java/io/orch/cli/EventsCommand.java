package io.orch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.client.EventFollower;
import io.orch.api.dto.EventDto;
import io.orch.api.dto.WireJson;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `orch events`: follows the agent's event stream, one line per event, until interrupted. A dropped connection (an
 * agent restart, say) is resumed from the last event seen, so nothing the agent still remembers is missed.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = "Follow what orch does and sees (containers, services, stacks, the engine).")
final class EventsCommand implements Callable<Integer> {
  private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);

  @Mixin AgentOptions agent;

  @Option(names = "--since", paramLabel = "SEQ",
      description = "Start after this event number (0: the whole history the agent keeps); default: only new ones.")
  Long since;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Only this stack.")
  String stack;

  @Option(names = "--service", paramLabel = "NAME", description = "Only this service.")
  String service;

  @Option(names = "--type", paramLabel = "TYPE",
      description = "Only these types or prefixes, comma-separated (e.g. container, service.failed).")
  String type;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (one JSON object per line; default ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (since != null && since < 0) {
      throw CliException.badInput("--since must be 0 or more, got " + since);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ObjectMapper json = WireJson.lenientMapper();
    EventFollower follower = new EventFollower(agent.client(), RECONNECT_AFTER, why -> {
      err.println("orch: event stream interrupted (" + why + "); reconnecting");
      err.flush();
    });
    follower.follow(since == null ? -1 : since, stack, service, type, e -> {
      out.println(output == OutputFormat.JSON ? json(json, e) : line(e));
      out.flush();
      return true;
    });
    return 0;
  }

  /** {@code 2026-11-26T22:40:01Z  container.restarted  hello/web  hello-web-2  restarted: exited 137, restart 1}. */
  static String line(EventDto e) {
    String subject = e.stack() == null ? "-" : e.service() == null ? e.stack() : e.stack() + "/" + e.service();
    return e.time().truncatedTo(ChronoUnit.SECONDS) + "  " + e.type() + "  " + subject + "  "
        + (e.container() == null ? "-" : e.container()) + "  " + e.message();
  }

  private static String json(ObjectMapper mapper, EventDto e) {
    try {
      return mapper.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw CliException.failed("cannot render JSON: " + ex.getMessage());
    }
  }
}
