package io.orch.agent.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One container's multiplexed log stream as lines. docker-java already splits the stream into frames that say
 * stdout or stderr; a frame may hold several lines or part of one, so each stream keeps its unfinished line until
 * the newline arrives. Lines start with the engine's RFC 3339 timestamp (we ask for it), which becomes
 * {@link LogLine#time()}.
 */
final class ContainerLogStream extends EngineStream<Frame> {

  private final LogSink sink;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  ContainerLogStream(LogSink sink) {
    super("logs");
    this.sink = sink;
  }

  @Override
  public void onNext(Frame frame) {
    boolean err = frame.getStreamType() == StreamType.STDERR;
    ByteArrayOutputStream buf = err ? stderr : stdout;
    for (byte b : frame.getPayload()) {
      if (b == '\n') {
        emit(err, buf);
      } else {
        buf.write(b);
      }
    }
  }

  private void emit(boolean err, ByteArrayOutputStream buf) {
    String raw = buf.toString(StandardCharsets.UTF_8);
    buf.reset();
    if (raw.endsWith("\r")) {
      raw = raw.substring(0, raw.length() - 1);
    }
    sink.line(parse(err, raw));
  }

  static LogLine parse(boolean err, String raw) {
    int space = raw.indexOf(' ');
    if (space > 0) {
      try {
        return new LogLine(err, Instant.parse(raw.substring(0, space)), raw.substring(space + 1));
      } catch (DateTimeParseException notATimestamp) {
        // falls through: a line without the engine's timestamp is kept whole
      }
    }
    return new LogLine(err, null, raw);
  }

  @Override
  void ended(Throwable error, boolean tellCaller) {
    if (stdout.size() > 0) {
      emit(false, stdout);
    }
    if (stderr.size() > 0) {
      emit(true, stderr);
    }
    if (tellCaller) {
      sink.end(error);
    }
  }
}
