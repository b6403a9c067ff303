package io.orch.agent.logs;

import io.orch.agent.observe.ContainerInformer;
import io.orch.api.dto.LogLineDto;
import io.orch.api.server.LogLineSink;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.EngineView;
import io.orch.core.engine.LogLine;
import io.orch.core.engine.LogSink;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.plan.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * The logs of a service's replicas, read from the engine (logs live there). Without follow: every replica's log read
 * to its end, merged in time order ({@link TimeOrderedMerge}). With follow: every run of every replica, including
 * those restarted or started after the follow began ({@link ServiceLogFollower}), told of changes by the agent's view
 * of the containers.
 */
public final class ServiceLogs {
  private final EngineView engine;
  private final ContainerInformer informer;
  /** The followers' one worker: it only opens streams and keeps their books; the lines flow on the engine's threads. */
  private final ScheduledExecutorService followers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "orch-log-follow");
    t.setDaemon(true);
    return t;
  });

  public ServiceLogs(EngineView engine, ContainerInformer informer) {
    this.engine = engine;
    this.informer = informer;
  }

  /**
   * Starts streaming into {@code sink} ({@code tail} lines per replica, -1 for all) and returns what stops it. Throws
   * {@link EngineException} when the engine does not answer the listing or the first reads. {@code serviceGone} says
   * the service no longer exists, which ends a follow.
   */
  public AutoCloseable open(String stack, String service, boolean follow, int tail, LogLineSink sink,
      BooleanSupplier serviceGone) throws InterruptedException {
    List<ObservedContainer> replicas = engine.listContainers(
            Map.of(Labels.MANAGED, "true", Labels.STACK, stack, Labels.SERVICE, service)).stream()
        .sorted(Comparator.comparingInt(ObservedContainer::slot).thenComparing(ObservedContainer::name)).toList();
    return follow ? follow(stack, service, replicas, tail, sink, serviceGone) : readToEnd(replicas, tail, sink);
  }

  private AutoCloseable follow(String stack, String service, List<ObservedContainer> replicas, int tail,
      LogLineSink sink, BooleanSupplier serviceGone) throws InterruptedException {
    ServiceLogFollower follower = new ServiceLogFollower(engine,
        () -> informer.containersOf(stack).stream().filter(c -> service.equals(c.service())).toList(),
        serviceGone, sink, followers);
    ContainerInformer.Watch watching = informer.watch(changed -> {
      if (changed.equals(stack)) {
        follower.changed();
      }
    });
    try {
      follower.start(replicas, tail);
    } catch (RuntimeException | InterruptedException e) {
      watching.close();
      throw e;
    }
    return () -> {
      watching.close();
      follower.close();
    };
  }

  private AutoCloseable readToEnd(List<ObservedContainer> replicas, int tail, LogLineSink sink) {
    TimeOrderedMerge merge = new TimeOrderedMerge();
    List<Closeable> streams = new ArrayList<>();
    List<TimeOrderedMerge.Source> sources = replicas.stream().map(c -> merge.source()).toList();
    for (int i = 0; i < replicas.size(); i++) {
      ObservedContainer c = replicas.get(i);
      TimeOrderedMerge.Source source = sources.get(i);
      try {
        streams.add(engine.logs(c.id(), false, tail, new LogSink() {
          @Override
          public void line(LogLine l) {
            source.line(new LogLineDto(c.name(), l.stderr() ? LogLineDto.STDERR : LogLineDto.STDOUT, l.time(),
                l.text()));
          }

          @Override
          public void end(Throwable error) {
            source.end();
          }
        }));
      } catch (EngineException.NotFound gone) {
        source.end(); // removed since it was listed: nothing to read
      } catch (EngineException e) {
        merge.close();
        closeAll(streams); // the reads already begun would otherwise keep a thread and a connection each
        throw e;
      }
    }
    Thread merger = new Thread(() -> {
      try {
        merge.drainTo(sink);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the client went away
      }
    }, "orch-logs-merge");
    merger.setDaemon(true);
    merger.start();
    return () -> {
      merge.close();
      closeAll(streams);
    };
  }

  private static void closeAll(List<Closeable> streams) {
    for (Closeable s : streams) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a finished stream: nothing left to release
      }
    }
  }
}
