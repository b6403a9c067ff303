package io.orch.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the CLI's class-data archive: {@code ./orch} runs it once after each build, with
 * {@code -XX:DumpLoadedClassList}, and dumps the classes it loaded into an AppCDS archive that the next commands map
 * instead of loading from the jar (bench/cli-latency.sh measures what that saves). It runs the everyday read commands
 * (ps, ls, version, --help) the way a user does, against a stand-in agent on a loopback port that answers with empty
 * lists, so that their classes are loaded (picocli's model, the client, Jackson's readers of the DTOs) without a real
 * agent, an engine or a network. It prints nothing and changes nothing.
 */
public final class StartupTraining {
  /** Each command as a user types it; {@code --addr} is appended. */
  static final List<List<String>> COMMANDS = List.of(
      List.of("ps"), List.of("ps", "-p", "training"), List.of("ls"), List.of("version"), List.of("--help"));

  private StartupTraining() {}

  public static void main(String[] args) throws IOException {
    run(new PrintWriter(Writer.nullWriter()));
  }

  /** Runs {@link #COMMANDS}, their output to {@code out}; their exit codes, in order (all 0 when each ran through). */
  static List<Integer> run(PrintWriter out) throws IOException {
    HttpServer agent = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    agent.createContext("/", StartupTraining::answer);
    agent.start();
    try {
      String addr = "http://127.0.0.1:" + agent.getAddress().getPort();
      List<Integer> exits = new ArrayList<>();
      for (List<String> command : COMMANDS) {
        String[] argv = command.toArray(String[]::new);
        picocli.CommandLine cl = OrchCommand.commandLine(argv[0]);
        cl.setOut(out);
        cl.setErr(out);
        exits.add(cl.execute(argv[0].startsWith("-") ? argv : concat(argv, "--addr", addr)));
      }
      return exits;
    } finally {
      agent.stop(0);
    }
  }

  /** An agent with no stacks: 200 to the probes, {@code []} to a list, an info with an engine. */
  private static void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = path.equals("/v1/info") ? "{\"version\":\"training\",\"engineVersion\":\"training\","
        + "\"engineApiVersion\":\"1.41\",\"uptimeSeconds\":1}"
        : path.startsWith("/v1/") ? "[]" : "{}";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String[] concat(String[] argv, String... more) {
    String[] all = new String[argv.length + more.length];
    System.arraycopy(argv, 0, all, 0, argv.length);
    System.arraycopy(more, 0, all, argv.length, more.length);
    return all;
  }
}
