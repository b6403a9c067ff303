package io.orch.api.server;

import io.orch.api.dto.EventDto;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.LogLineDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.SubmitResultDto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The {@link FakeBackend} plus streams: an in-memory event source (history + live, synchronous delivery) and log
 * streams the test drives by hand. Records subscriptions and closes so tests can see a client's departure.
 */
final class StreamingBackend implements OrchBackend, EventSource {
  private final FakeBackend fake = new FakeBackend();
  private final List<EventDto> history = new ArrayList<>();
  final List<Live> live = new CopyOnWriteArrayList<>();
  final CountDownLatch subscriptionClosed = new CountDownLatch(1);
  final CountDownLatch logsClosed = new CountDownLatch(1);
  volatile LogLineSink logSink;
  volatile String logsAsked;
  /** When set, {@link #logs} throws it (e.g. a 503 for an engine that does not answer). */
  volatile RuntimeException logsFailure;

  record Live(Predicate<EventDto> filter, Consumer<EventDto> sink) {}

  synchronized void emit(EventDto e) {
    history.add(e);
    for (Live l : live) {
      if (l.filter().test(e)) {
        l.sink().accept(e);
      }
    }
  }

  @Override
  public synchronized Subscription subscribe(long afterSeq, Predicate<EventDto> filter, Consumer<EventDto> sink,
      Runnable onDropped) {
    if (afterSeq >= 0) {
      history.stream().filter(e -> e.seq() > afterSeq).filter(filter).forEach(sink);
    }
    Live l = new Live(filter, sink);
    live.add(l);
    return () -> {
      live.remove(l);
      subscriptionClosed.countDown();
    };
  }

  @Override
  public EventSource events() {
    return this;
  }

  @Override
  public AutoCloseable logs(String stack, String service, boolean follow, int tail, LogLineSink sink) {
    logsAsked = stack + "/" + service + " follow=" + follow + " tail=" + tail;
    if (logsFailure != null) {
      throw logsFailure;
    }
    logSink = sink;
    return logsClosed::countDown;
  }

  void logLine(String container, String stream, String line) {
    logSink.line(new LogLineDto(container, stream, FakeBackend.SUBMITTED, line));
  }

  @Override
  public SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun) {
    return fake.submit(stack, body, contentType, dryRun);
  }

  @Override
  public List<StackSummaryDto> stacks() {
    return fake.stacks();
  }

  @Override
  public Optional<StackDto> stack(String name) {
    return fake.stack(name);
  }

  @Override
  public void delete(String name, boolean removeVolumes) {
    fake.delete(name, removeVolumes);
  }

  @Override
  public List<ServiceStatusDto> services(String stack) {
    return fake.services(stack);
  }

  @Override
  public Optional<ServiceStatusDto> service(String stack, String service) {
    return fake.service(stack, service);
  }

  @Override
  public ServiceStatusDto scale(String stack, String service, int replicas) {
    return fake.scale(stack, service, replicas);
  }

  @Override
  public List<io.orch.api.dto.ManagedContainerDto> containers(String stack, String service) {
    return fake.containers(stack, service);
  }

  @Override
  public ServiceStatusDto restart(String stack, String service) {
    return fake.restart(stack, service);
  }

  @Override
  public ServiceStatusDto rollback(String stack, String service) {
    return fake.rollback(stack, service);
  }

  @Override
  public InfoDto info() {
    return fake.info();
  }

  @Override
  public boolean ready() {
    return true;
  }
}
