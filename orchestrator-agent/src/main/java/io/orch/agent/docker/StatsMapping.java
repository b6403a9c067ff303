package io.orch.agent.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.core.engine.ContainerUsage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the engine's {@code GET /containers/{id}/stats?stream=false&one-shot=true} answer. docker-java's StatsCmd has
 * no {@code one-shot} (API 1.41): without it the engine waits for a second sample (about 2 s per container), so the
 * request is made on docker-java's own HTTP transport and its JSON read here.
 *
 * <p>Memory is usage without the reclaimable page cache, as {@code docker stats} computes it: {@code
 * total_inactive_file} on cgroup v1, {@code inactive_file} on cgroup v2. A container that is not running answers with
 * a zero {@code read} time and no memory usage: no reading.
 */
final class StatsMapping {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

  private StatsMapping() {}

  static Optional<ContainerUsage> read(InputStream body) throws IOException {
    return read(JSON.readTree(body));
  }

  static Optional<ContainerUsage> read(JsonNode stats) {
    JsonNode memory = stats.path("memory_stats");
    JsonNode cpu = stats.path("cpu_stats").path("cpu_usage").path("total_usage");
    Instant read = instant(stats.path("read").asText(null));
    if (read == null || !read.isAfter(NEVER) || !memory.has("usage") || !cpu.canConvertToLong()) {
      return Optional.empty();
    }
    long usage = memory.path("usage").asLong();
    JsonNode detail = memory.path("stats");
    long cache = detail.has("total_inactive_file") ? detail.path("total_inactive_file").asLong()
        : detail.path("inactive_file").asLong(0);
    long workingSet = cache < usage ? usage - cache : usage;
    return Optional.of(new ContainerUsage(Math.max(0, cpu.asLong()), Math.max(0, workingSet), read));
  }

  private static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
