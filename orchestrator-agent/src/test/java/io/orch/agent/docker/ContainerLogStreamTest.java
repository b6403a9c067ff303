package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerLogStreamTest {
  private final List<LogLine> lines = new ArrayList<>();
  private final List<String> ends = new ArrayList<>();
  private final ContainerLogStream stream = new ContainerLogStream(new LogSink() {
    @Override
    public void line(LogLine line) {
      lines.add(line);
    }

    @Override
    public void end(Throwable error) {
      ends.add(String.valueOf(error));
    }
  });

  private static Frame frame(StreamType type, String text) {
    return new Frame(type, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsFramesIntoLinesPerStreamKeepingPartialLinesApart() {
    stream.onNext(frame(StreamType.STDOUT, "2026-11-26T22:40:01.123456789Z hello\n2026-11-26T22:40:02Z wor"));
    stream.onNext(frame(StreamType.STDERR, "2026-11-26T22:40:03Z oops\n"));
    stream.onNext(frame(StreamType.STDOUT, "ld\n"));
    stream.onNext(frame(StreamType.STDOUT, "2026-11-26T22:40:04Z tail without newline"));
    stream.onComplete();

    assertThat(lines).containsExactly(
        new LogLine(false, Instant.parse("2026-11-26T22:40:01.123456789Z"), "hello"),
        new LogLine(true, Instant.parse("2026-11-26T22:40:03Z"), "oops"),
        new LogLine(false, Instant.parse("2026-11-26T22:40:02Z"), "world"),
        new LogLine(false, Instant.parse("2026-11-26T22:40:04Z"), "tail without newline"));
    assertThat(ends).containsExactly("null");
  }

  @Test
  void keepsALineWithoutTimestampWholeAndSaysNothingWhenClosedByTheCaller() throws Exception {
    stream.onNext(frame(StreamType.STDOUT, "no timestamp here\r\n"));
    stream.close();
    stream.onComplete();

    assertThat(lines).containsExactly(new LogLine(false, null, "no timestamp here"));
    assertThat(ends).isEmpty();
  }
}
