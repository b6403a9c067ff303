package io.orch.agent.docker;

import java.time.Duration;
import java.util.Objects;

/**
 * Transport limits of {@link DockerEngine}. {@code responseTimeout} bounds ordinary calls; streaming calls (events,
 * pulls, long stops) use a second client without it, and a pull is bounded by {@code pullTimeout} instead.
 */
public record DockerEngineSettings(
    Duration connectTimeout, Duration responseTimeout, Duration pullTimeout, int maxConnections) {

  /** 100 connections is docker-java's suggestion; 2 minutes covers a slow create on a loaded host. */
  public static final DockerEngineSettings DEFAULTS =
      new DockerEngineSettings(Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofMinutes(10), 100);

  public DockerEngineSettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    Objects.requireNonNull(pullTimeout, "pullTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
    }
  }
}
