package io.orch.api.dto;

import java.time.Instant;

/**
 * One log line of one replica: {@code stream} is {@code stdout} or {@code stderr}, {@code time} the engine's
 * timestamp of the line (null if the engine sent none). One JSON object per line with {@code ?format=json}.
 */
public record LogLineDto(String container, String stream, Instant time, String line) {
  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
}
