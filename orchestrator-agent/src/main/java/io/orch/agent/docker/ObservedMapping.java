package io.orch.agent.docker;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.engine.PublishedPort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Turns what docker-java reads from the engine (inspect results, events) into core's Observed* records. */
final class ObservedMapping {
  /** The engine's default health-check retries. */
  private static final int DEFAULT_RETRIES = 3;

  private ObservedMapping() {}

  static ObservedContainer container(InspectContainerResponse inspect) {
    InspectContainerResponse.ContainerState state = inspect.getState();
    var config = inspect.getConfig();
    Instant startedAt = state == null ? null : timestamp(state.getStartedAt());
    Instant finishedAt = state == null ? null : timestamp(state.getFinishedAt());
    // The engine reports exit code 0 for a container that never ran; core wants "none" then.
    Long engineExitCode = state == null ? null : state.getExitCodeLong();
    Integer exitCode = startedAt == null || engineExitCode == null ? null : engineExitCode.intValue();
    ObservedContainer.State observedState = state == null ? ObservedContainer.State.DEAD : state(state.getStatus());
    return new ObservedContainer(
        inspect.getId(),
        containerName(inspect.getName()),
        config == null ? null : config.getImage(),
        nonNullValues(config == null ? null : config.getLabels()),
        observedState,
        state == null ? ObservedContainer.Health.NONE
            : observedState == ObservedContainer.State.RUNNING || observedState == ObservedContainer.State.RESTARTING
                || observedState == ObservedContainer.State.PAUSED
                ? health(state.getHealth()) : healthWhenStopped(state.getHealth(), retries(config)),
        exitCode,
        state != null && Boolean.TRUE.equals(state.getOOMKilled()),
        startedAt,
        finishedAt,
        state == null ? null : blankToNull(state.getError()),
        addresses(inspect),
        state == null ? null : lastHealthOutput(state.getHealth()),
        state == null ? null : lastHealthExitCode(state.getHealth()),
        ports(inspect));
  }

  /**
   * Each exposed port with each host binding the engine made for it (one per address family on a dual-stack host),
   * ordered by port; a port exposed but not published is listed once without a host side.
   */
  static List<PublishedPort> ports(InspectContainerResponse inspect) {
    var settings = inspect.getNetworkSettings();
    if (settings == null || settings.getPorts() == null || settings.getPorts().getBindings() == null) {
      return List.of();
    }
    List<PublishedPort> ports = new ArrayList<>();
    settings.getPorts().getBindings().forEach((exposed, bindings) -> {
      if (exposed == null) {
        return;
      }
      String protocol = exposed.getProtocol() == null ? "tcp" : exposed.getProtocol().toString();
      boolean bound = false;
      for (Ports.Binding b : bindings == null ? new Ports.Binding[0] : bindings) {
        Integer hostPort = b == null ? null : hostPort(b.getHostPortSpec());
        if (hostPort != null) {
          ports.add(new PublishedPort(blankToNull(b.getHostIp()), hostPort, exposed.getPort(), protocol));
          bound = true;
        }
      }
      if (!bound) {
        ports.add(new PublishedPort(null, null, exposed.getPort(), protocol));
      }
    });
    ports.sort(Comparator.comparingInt(PublishedPort::containerPort).thenComparing(PublishedPort::protocol)
        .thenComparing(p -> p.hostIp() != null && p.hostIp().contains(":")) // IPv4 first, as docker ps
        .thenComparing(p -> String.valueOf(p.hostIp())));
    return ports;
  }

  private static Integer hostPort(String spec) {
    if (spec == null || spec.isBlank()) {
      return null;
    }
    try {
      return Integer.valueOf(spec.trim());
    } catch (NumberFormatException e) {
      return null; // a range is only ever asked for, never what the engine reports as bound
    }
  }

  /** The output of the newest probe the engine kept (it keeps the last five), or null. */
  static String lastHealthOutput(HealthState health) {
    if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
      return null;
    }
    var last = health.getLog().get(health.getLog().size() - 1);
    return last == null ? null : last.getOutput();
  }

  /** The exit code of the newest probe the engine kept (-1 when it could not run it), or null. */
  static Integer lastHealthExitCode(HealthState health) {
    if (health == null || health.getLog() == null || health.getLog().isEmpty()) {
      return null;
    }
    var last = health.getLog().get(health.getLog().size() - 1);
    return last == null || last.getExitCodeLong() == null ? null : last.getExitCodeLong().intValue();
  }

  /** Network (engine name) to IPv4 address; a network where the container has no address yet is left out. */
  static Map<String, String> addresses(InspectContainerResponse inspect) {
    var settings = inspect.getNetworkSettings();
    if (settings == null || settings.getNetworks() == null) {
      return Map.of();
    }
    Map<String, String> addresses = new HashMap<>();
    settings.getNetworks().forEach((network, attached) -> {
      String ip = attached == null ? null : blankToNull(attached.getIpAddress());
      if (network != null && ip != null) {
        addresses.put(network, ip);
      }
    });
    return addresses;
  }

  static ObservedNetwork network(Network network) {
    return new ObservedNetwork(network.getId(), network.getName(), network.getDriver(),
        nonNullValues(network.getLabels()));
  }

  static ObservedVolume volume(InspectVolumeResponse volume) {
    return new ObservedVolume(volume.getName(), volume.getDriver(), nonNullValues(volume.getLabels()));
  }

  static EngineEvent event(Event event) {
    String type = event.getType() == null ? null : event.getType().getValue();
    // "Action" exists since API 1.22; "status" is the legacy spelling of the same thing.
    String action = event.getAction() != null ? event.getAction() : event.getStatus();
    Map<String, String> attributes = event.getActor() == null ? Map.of()
        : nonNullValues(event.getActor().getAttributes());
    String id = event.getActor() != null && event.getActor().getId() != null ? event.getActor().getId()
        : event.getId();
    return new EngineEvent(type, action, id, attributes, eventTime(event));
  }

  private static Instant eventTime(Event event) {
    if (event.getTimeNano() != null) {
      long nanos = event.getTimeNano();
      return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
    return event.getTime() == null ? Instant.now() : Instant.ofEpochSecond(event.getTime());
  }

  static String containerName(String engineName) {
    if (engineName == null) {
      return null;
    }
    return engineName.startsWith("/") ? engineName.substring(1) : engineName;
  }

  static ObservedContainer.State state(String status) {
    if (status == null) {
      return ObservedContainer.State.DEAD;
    }
    try {
      return ObservedContainer.State.valueOf(status.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return ObservedContainer.State.DEAD;
    }
  }

  static ObservedContainer.Health health(HealthState health) {
    if (health == null || health.getStatus() == null) {
      return ObservedContainer.Health.NONE;
    }
    return switch (health.getStatus()) {
      case "starting" -> ObservedContainer.Health.STARTING;
      case "healthy" -> ObservedContainer.Health.HEALTHY;
      case "unhealthy" -> ObservedContainer.Health.UNHEALTHY;
      default -> ObservedContainer.Health.NONE;
    };
  }

  /**
   * The health a stopped container's check had when it stopped. The engine's own status says nothing then: moby
   * sets it to "unhealthy" whenever it stops the health monitor of a container that stops ({@code
   * CloseMonitorChannel}: "unhealthy when the monitor has stopped for compatibility reasons"), so a replica killed
   * while healthy would read as one that failed its check, and never earn a backoff reset. The failing streak it
   * keeps says what it was: unhealthy once {@code retries} probes had failed in a row; else healthy if a probe it
   * kept passed (one pass makes a check healthy, and fewer than {@code retries} failures after it keep it so); else
   * still starting.
   */
  static ObservedContainer.Health healthWhenStopped(HealthState health, int retries) {
    if (health == null || health.getStatus() == null || health.getStatus().isEmpty()) {
      return ObservedContainer.Health.NONE;
    }
    int failing = health.getFailingStreak() == null ? 0 : health.getFailingStreak();
    if (failing >= retries) {
      return ObservedContainer.Health.UNHEALTHY;
    }
    boolean passed = health.getLog() != null && health.getLog().stream()
        .anyMatch(probe -> probe != null && Long.valueOf(0).equals(probe.getExitCodeLong()));
    return passed ? ObservedContainer.Health.HEALTHY : ObservedContainer.Health.STARTING;
  }

  /** The health check's retries as the engine counts them (0 or unset: its default, 3). */
  static int retries(com.github.dockerjava.api.model.ContainerConfig config) {
    Integer retries = config == null || config.getHealthcheck() == null ? null : config.getHealthcheck().getRetries();
    return retries == null || retries <= 0 ? DEFAULT_RETRIES : retries;
  }

  /**
   * RFC 3339 with nanoseconds as the engine writes it. The engine reports Go's zero time ("0001-01-01T00:00:00Z")
   * for "never started/finished"; anything before 1970 is taken as that.
   */
  static Instant timestamp(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      Instant instant = Instant.parse(value);
      return instant.isBefore(Instant.EPOCH) ? null : instant;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Map<String, String> nonNullValues(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>();
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.put(k, v);
      }
    });
    return copy;
  }
}
