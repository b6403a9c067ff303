package io.orch.core.engine;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The engine's read side: planner inputs, API and metrics. Implemented by the agent with docker-java. */
public interface EngineView {
  /** Containers (running or not) carrying every given label; an empty map lists all containers. Inspected. */
  List<ObservedContainer> listContainers(Map<String, String> labels);

  Optional<ObservedContainer> inspectContainer(String idOrName);

  List<ObservedNetwork> listNetworks(Map<String, String> labels);

  Optional<ObservedNetwork> inspectNetwork(String idOrName);

  List<ObservedVolume> listVolumes(Map<String, String> labels);

  Optional<ObservedVolume> inspectVolume(String name);

  boolean imageExists(String image);

  EngineInfo info();

  /** Throws {@link EngineException.Unavailable} when the engine does not answer. */
  void ping();

  /**
   * Streams engine events to {@code sink} on a thread of the implementation's until closed. {@code onEnd} is called
   * once when the stream ends or fails (null throwable on a clean end), so the caller can reconnect and resync.
   */
  Closeable watchEvents(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd);

  /**
   * Streams a container's stdout and stderr, line by line, to {@code sink}: the last {@code tail} lines (-1 for all),
   * then, with {@code follow}, new lines as they are written. Closing the handle stops it.
   */
  default Closeable logs(String containerId, boolean follow, int tail, LogSink sink) {
    throw new UnsupportedOperationException("this engine does not stream logs");
  }

  /**
   * As {@link #logs(String, boolean, int, LogSink)}, from {@code since} on (null: from the start). An engine may send
   * earlier lines too (the Docker Engine counts in whole seconds): a caller that must not see them drops them by time.
   */
  default Closeable logs(String containerId, boolean follow, int tail, java.time.Instant since, LogSink sink) {
    return logs(containerId, follow, tail, sink);
  }

  /**
   * One reading of a running container's CPU and memory use (the autoscaler's measurement); empty when the container
   * is missing or not running. One short engine call per container, no stream left open.
   */
  default Optional<ContainerUsage> usage(String containerId) {
    throw new UnsupportedOperationException("this engine does not report container usage");
  }
}
