package io.orch.agent.testing;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link FakeEngine}'s behaviour model: what a container "does", read from its entrypoint + command, since a fake runs
 * no process. The rules follow what the same command does in the busybox test image on the real engine, so a
 * contract scenario behaves alike on both:
 *
 * <ul>
 *   <li>{@code true}, {@code :}, {@code sh -c 'true'} exit 0 right after start; {@code false} exits 1;
 *   <li>{@code sh -c '... exit K'} (a script whose last command is {@code exit K} and that has no loop) exits K right
 *       after start;
 *   <li>{@code tail /dev/zero} with a memory limit is OOM-killed right after start (exit 137, oomKilled);
 *   <li>anything else (no command, {@code sleep N}, a server, a loop) runs until stopped, killed or crashed by a test
 *       hook. On stop it ignores SIGTERM, as busybox {@code sleep} does as PID 1, and is SIGKILLed after the grace
 *       period (exit 137), unless its script traps the stop signal with {@code trap 'exit K' TERM}: then it exits K
 *       on SIGTERM.
 * </ul>
 */
record FakeProgram(Kind kind, int exitCode, Integer exitOnTerm) {
  enum Kind { RUNS_UNTIL_STOPPED, EXITS, OOM }

  private static final Pattern LAST_EXIT = Pattern.compile("(?:^|[;\\n&|])\\s*exit\\s+(\\d+)\\s*;?\\s*$");
  private static final Pattern LOOP = Pattern.compile("\\b(while|until|for)\\b");
  private static final Pattern TRAP_TERM =
      Pattern.compile("trap\\s+(['\"])\\s*exit\\s+(\\d+)\\s*;?\\s*\\1\\s+(?:SIG)?(?:TERM|15)\\b");
  private static final Map<String, Integer> SIGNALS = Map.of(
      "HUP", 1, "INT", 2, "QUIT", 3, "KILL", 9, "USR1", 10, "USR2", 12, "TERM", 15);

  static FakeProgram of(ContainerSpec spec) {
    return of(argv(spec), spec.memoryBytes() != null);
  }

  static FakeProgram of(List<String> argv, boolean memoryLimited) {
    if (argv.isEmpty()) {
      return new FakeProgram(Kind.RUNS_UNTIL_STOPPED, 0, null);
    }
    String program = basename(argv.get(0));
    switch (program) {
      case "true", ":" -> {
        return exits(0);
      }
      case "false" -> {
        return exits(1);
      }
      case "tail" -> {
        if (memoryLimited && argv.contains("/dev/zero")) {
          return new FakeProgram(Kind.OOM, 137, null);
        }
        return new FakeProgram(Kind.RUNS_UNTIL_STOPPED, 0, null);
      }
      default -> {
        // fall through to the shell rules
      }
    }
    if (isShell(program) && argv.size() >= 3 && "-c".equals(argv.get(1))) {
      return script(argv.get(2).strip());
    }
    return new FakeProgram(Kind.RUNS_UNTIL_STOPPED, 0, null);
  }

  private static FakeProgram script(String script) {
    if (script.equals("true") || script.equals(":")) {
      return exits(0);
    }
    if (script.equals("false")) {
      return exits(1);
    }
    Matcher exit = LAST_EXIT.matcher(script);
    if (exit.find() && !LOOP.matcher(script).find()) {
      return exits(Integer.parseInt(exit.group(1)));
    }
    Matcher trap = TRAP_TERM.matcher(script);
    Integer onTerm = trap.find() ? Integer.valueOf(trap.group(2)) : null;
    return new FakeProgram(Kind.RUNS_UNTIL_STOPPED, 0, onTerm);
  }

  private static FakeProgram exits(int code) {
    return new FakeProgram(Kind.EXITS, code, null);
  }

  /** The exit code when stopped with {@code signal}: the trap's code for SIGTERM if trapped, else SIGKILL's 137. */
  int exitOnStop(int signal) {
    return signal == 15 && exitOnTerm != null ? exitOnTerm : 137;
  }

  boolean handles(int signal) {
    return signal == 15 && exitOnTerm != null;
  }

  /**
   * A shell loop that never sleeps or waits ({@code sh -c 'while :; do :; done'}) keeps one CPU busy; anything else
   * uses none (a test sets a load with {@code FakeEngine.setCpuLoad}).
   */
  static boolean busy(List<String> argv) {
    String script = String.join(" ", argv);
    return LOOP.matcher(script).find() && !script.matches("(?s).*\\b(sleep|read|wait|nc|tail|cat)\\b.*");
  }

  static List<String> argv(ContainerSpec spec) {
    List<String> argv = new ArrayList<>();
    if (spec.entrypoint() != null) {
      argv.addAll(spec.entrypoint());
    }
    if (spec.command() != null) {
      argv.addAll(spec.command());
    }
    return argv;
  }

  /** "SIGTERM", "TERM", "15" to 15; the engine's default stop signal is SIGTERM. */
  static int signalNumber(String signal) {
    if (signal == null || signal.isBlank()) {
      return 15;
    }
    String s = signal.strip().toUpperCase(Locale.ROOT);
    if (s.startsWith("SIG")) {
      s = s.substring(3);
    }
    if (s.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(s);
    }
    Integer n = SIGNALS.get(s);
    if (n == null) {
      throw new IllegalArgumentException("FakeEngine does not know signal " + signal);
    }
    return n;
  }

  private static boolean isShell(String program) {
    return program.equals("sh") || program.equals("ash") || program.equals("bash");
  }

  private static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /**
   * A container's health check as the fake runs it. {@code passes} is what the check command does under the same
   * model ({@code true}/{@code exit 0} pass, {@code false}/{@code exit K} fail), or null when the model cannot tell
   * ({@code curl -f http://localhost/}): then only {@link FakeEngine#setHealth} changes the status. Durations and
   * retries take Docker's defaults (30s, 30s, 0s, 3) when unset.
   */
  /**
   * {@code probeExit} and {@code probeOutput}: what each probe of a check whose command is not in the image ends
   * with, as busybox has no {@code curl}: the shell's 127 for {@code CMD-SHELL}, the engine's -1 for {@code CMD}.
   */
  /** The one command the model's image lacks, as busybox lacks it. */
  static final String MISSING_IN_IMAGE = "curl";

  record Health(Boolean passes, Duration interval, Duration startPeriod, int retries, Integer probeExit,
      String probeOutput) {
    static Health of(HealthCheck check) {
      if (check == null || check.disabled()) {
        return null;
      }
      List<String> test = check.test();
      List<String> argv = switch (test.get(0)) {
        case "CMD" -> test.subList(1, test.size());
        case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", test.subList(1, test.size())));
        default -> List.of("/bin/sh", "-c", String.join(" ", test)); // Compose's plain-string form
      };
      FakeProgram program = FakeProgram.of(argv, false);
      Boolean passes = program.kind() == Kind.EXITS ? program.exitCode() == 0 : null;
      Duration interval = positiveOr(check.interval(), Duration.ofSeconds(30));
      Duration startPeriod = check.startPeriod() == null ? Duration.ZERO : check.startPeriod();
      int retries = check.retries() == null || check.retries() <= 0 ? 3 : check.retries();
      Integer probeExit = null;
      String probeOutput = null;
      boolean shell = isShell(basename(argv.get(0))) && argv.size() >= 3;
      String command = shell ? argv.get(2).strip().split("\\s+")[0] : basename(argv.get(0));
      if (MISSING_IN_IMAGE.equals(command)) {
        passes = false;
        probeExit = shell ? 127 : -1;
        probeOutput = shell ? "/bin/sh: " + command + ": not found" : "OCI runtime exec failed: exec failed: unable to"
            + " start container process: exec: \"" + command + "\": executable file not found in $PATH: unknown";
      }
      return new Health(passes, interval, startPeriod, retries, probeExit, probeOutput);
    }

    /**
     * How long after start the status settles: a passing check is healthy after its first probe ({@code interval});
     * a failing one unhealthy after {@code retries} failed probes that count (probes inside the start period don't).
     */
    Duration settlesAfter() {
      if (Boolean.TRUE.equals(passes)) {
        return interval;
      }
      long firstCounted = Math.max(1, ceilDiv(startPeriod.toNanos(), interval.toNanos()));
      return interval.multipliedBy(firstCounted + retries - 1);
    }

    private static long ceilDiv(long a, long b) {
      return -Math.floorDiv(-a, b);
    }

    private static Duration positiveOr(Duration d, Duration fallback) {
      return d == null || d.isZero() || d.isNegative() ? fallback : d;
    }
  }
}
