package io.orch.api.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orch.api.dto.LogLineDto;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET .../logs}: every replica's lines as the backend sends them, either {@code web-1 | text} lines like
 * {@code docker compose logs} (with {@code timestamps}, {@code web-1 | <time> text}) or NDJSON {@link LogLineDto}s. The producer waits while the client's send buffer is
 * full (the engine then waits too), so a slow reader slows the stream instead of filling memory.
 */
final class LogStreamBody implements StreamingBody {
  private static final Logger log = LoggerFactory.getLogger(LogStreamBody.class);
  private static final Duration STALLED_CLIENT = Duration.ofSeconds(60);

  /** Starts the backend's log streams into a sink; returns what stops them. */
  @FunctionalInterface
  interface LogOpener {
    AutoCloseable open(LogLineSink sink) throws Exception;
  }

  private final LogOpener opener;
  private final String stack;
  private final boolean json;
  private final boolean timestamps;
  private final ObjectMapper mapper;

  LogStreamBody(LogOpener opener, String stack, boolean json, ObjectMapper mapper) {
    this(opener, stack, json, false, mapper);
  }

  /** {@code timestamps}: text lines carry the engine's time of each line (JSON lines always have it). */
  LogStreamBody(LogOpener opener, String stack, boolean json, boolean timestamps, ObjectMapper mapper) {
    this.opener = opener;
    this.stack = stack;
    this.json = json;
    this.timestamps = timestamps;
    this.mapper = mapper;
  }

  @Override
  public AutoCloseable open(ChunkWriter out) throws Exception {
    return opener.open(new LogLineSink() {
      @Override
      public void line(LogLineDto line) {
        try {
          if (!out.awaitWritable(STALLED_CLIENT)) {
            out.abort();
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          out.abort();
          return;
        }
        out.write(render(line));
      }

      @Override
      public void end(Throwable error) {
        if (error != null) {
          log.debug("log stream ended with {}", error.toString());
          out.write(json ? errorJson(error) : "orch: log stream failed: " + error.getMessage() + "\n");
        }
        out.end();
      }
    });
  }

  String render(LogLineDto line) {
    if (json) {
      try {
        return mapper.writeValueAsString(line) + "\n";
      } catch (JsonProcessingException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    return line.text(stack, timestamps) + "\n";
  }

  private String errorJson(Throwable error) {
    try {
      return mapper.writeValueAsString(java.util.Map.of("error", String.valueOf(error.getMessage()))) + "\n";
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
