package io.orch.api.dto;

import java.time.Instant;

/**
 * One log line of one replica: {@code stream} is {@code stdout} or {@code stderr}, {@code time} the engine's
 * timestamp of the line (null if the engine sent none). One JSON object per line with {@code ?format=json}.
 */
public record LogLineDto(String container, String stream, Instant time, String line) {
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";

  /**
   * The line as {@code docker compose logs} prints it: the replica without its stack's prefix ({@code web-1 | text}),
   * with {@code timestamps} the engine's time of the line after it ({@code web-1 | 2026-12-07T21:40:01.123Z text}).
   */
  public String text(String stack, boolean timestamps) {
    String prefix = stack + "-";
    String name = container != null && container.startsWith(prefix) ? container.substring(prefix.length()) : container;
    return name + " | " + (timestamps && time != null ? time + " " : "") + line;
  }
}
