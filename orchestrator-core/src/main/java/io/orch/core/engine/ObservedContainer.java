package io.orch.core.engine;

import io.orch.core.plan.Labels;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A container as the engine reports it (list + inspect). {@code exitCode}, {@code startedAt} and {@code finishedAt}
 * are null when the engine has none (never started). {@code error} is the engine's own message (e.g. a failed start).
 * {@code addresses} maps each network the container is attached to (engine name) to its IPv4 address there; empty
 * when it has none (not running, or only host/none networking). {@code healthOutput} is what the last health-check
 * probe the engine kept printed (trimmed, at most {@link #HEALTH_OUTPUT_LIMIT} characters), null without one;
 * {@code healthExitCode} is that probe's exit code (-1 when the engine could not run it), null without one.
 * {@code ports} are its exposed and published ports as the engine bound them (empty before a start).
 */
public record ObservedContainer(
    String id,
    String name,
    String image,
    Map<String, String> labels,
    State state,
    Health health,
    Integer exitCode,
    boolean oomKilled,
    Instant startedAt,
    Instant finishedAt,
    String error,
    Map<String, String> addresses,
    String healthOutput,
    Integer healthExitCode,
    List<PublishedPort> ports) {

  /** Enough for a probe's error message; a probe that prints a page is cut, not carried whole into every status. */
  public static final int HEALTH_OUTPUT_LIMIT = 300;

  public enum State { CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD }

  public enum Health { NONE, STARTING, HEALTHY, UNHEALTHY }

  public ObservedContainer {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    health = health == null ? Health.NONE : health;
    addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
    healthOutput = trimmedOutput(healthOutput);
    ports = ports == null ? List.of() : List.copyOf(ports);
  }

  /** Without ports (they matter to `orch ps` only). */
  public ObservedContainer(String id, String name, String image, Map<String, String> labels, State state,
      Health health, Integer exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt, String error,
      Map<String, String> addresses, String healthOutput, Integer healthExitCode) {
    this(id, name, image, labels, state, health, exitCode, oomKilled, startedAt, finishedAt, error, addresses,
        healthOutput, healthExitCode, List.of());
  }

  /** Without the last probe's exit code. */
  public ObservedContainer(String id, String name, String image, Map<String, String> labels, State state,
      Health health, Integer exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt, String error,
      Map<String, String> addresses, String healthOutput, List<PublishedPort> ports) {
    this(id, name, image, labels, state, health, exitCode, oomKilled, startedAt, finishedAt, error, addresses,
        healthOutput, null, ports);
  }

  private static String trimmedOutput(String output) {
    if (output == null || output.isBlank()) {
      return null;
    }
    String trimmed = output.strip();
    return trimmed.length() <= HEALTH_OUTPUT_LIMIT ? trimmed : trimmed.substring(0, HEALTH_OUTPUT_LIMIT - 1) + "…";
  }

  /** Without the last probe's exit code nor ports. */
  public ObservedContainer(String id, String name, String image, Map<String, String> labels, State state,
      Health health, Integer exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt, String error,
      Map<String, String> addresses, String healthOutput) {
    this(id, name, image, labels, state, health, exitCode, oomKilled, startedAt, finishedAt, error, addresses,
        healthOutput, null, List.of());
  }

  /** Without a health-check output. */
  public ObservedContainer(String id, String name, String image, Map<String, String> labels, State state,
      Health health, Integer exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt, String error,
      Map<String, String> addresses) {
    this(id, name, image, labels, state, health, exitCode, oomKilled, startedAt, finishedAt, error, addresses, null);
  }

  /** Without network addresses (they matter to the ingress only). */
  public ObservedContainer(String id, String name, String image, Map<String, String> labels, State state,
      Health health, Integer exitCode, boolean oomKilled, Instant startedAt, Instant finishedAt, String error) {
    this(id, name, image, labels, state, health, exitCode, oomKilled, startedAt, finishedAt, error, Map.of());
  }

  public boolean managed() {
    return "true".equals(labels.get(Labels.MANAGED));
  }

  public String stack() {
    return labels.get(Labels.STACK);
  }

  public String service() {
    return labels.get(Labels.SERVICE);
  }

  /** The replica slot from the label, or 0 when the label is missing or not a number. */
  public int slot() {
    try {
      return Integer.parseInt(labels.getOrDefault(Labels.SLOT, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public String specHash() {
    return labels.get(Labels.SPEC_HASH);
  }

  /** Its last health-check probe says the check's command cannot run in the image: the check can never pass. */
  public java.util.Optional<StandingFailure> healthCommandMissing() {
    return StandingFailure.ofHealthProbe(name, healthExitCode, healthOutput);
  }

  public boolean running() {
    return state == State.RUNNING || state == State.RESTARTING;
  }
}
