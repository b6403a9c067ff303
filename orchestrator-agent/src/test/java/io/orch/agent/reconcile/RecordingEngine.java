package io.orch.agent.reconcile;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.Engine;
import io.orch.core.engine.EngineEvent;
import io.orch.core.engine.EngineInfo;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.engine.VolumeCreate;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * An engine that holds nothing and records the containers it is asked to create, for the mechanics of the executor
 * and the reconciler (how many actions a pass issues). It proves nothing about Docker: ITs do that.
 */
final class RecordingEngine implements Engine {
  final List<String> created = new CopyOnWriteArrayList<>();
  private final IntConsumer afterCreate;

  /** {@code afterCreate} gets the number of containers created so far, e.g. to change the stored stack mid-pass. */
  RecordingEngine(IntConsumer afterCreate) {
    this.afterCreate = afterCreate;
  }

  @Override
  public String createContainer(ContainerSpec spec) {
    created.add(spec.name());
    afterCreate.accept(created.size());
    return "id-" + spec.name();
  }

  @Override
  public void startContainer(String id) {}

  @Override
  public void stopContainer(String id, Duration grace) {}

  @Override
  public void removeContainer(String id) {}

  @Override
  public String createNetwork(NetworkCreate spec) {
    return "net";
  }

  @Override
  public void removeNetwork(String idOrName) {}

  @Override
  public void createVolume(VolumeCreate spec) {}

  @Override
  public void removeVolume(String name) {}

  @Override
  public void pullImage(String image) {}

  @Override
  public List<ObservedContainer> listContainers(Map<String, String> labels) {
    return List.of();
  }

  @Override
  public Optional<ObservedContainer> inspectContainer(String idOrName) {
    return Optional.empty();
  }

  @Override
  public List<ObservedNetwork> listNetworks(Map<String, String> labels) {
    return List.of();
  }

  @Override
  public Optional<ObservedNetwork> inspectNetwork(String idOrName) {
    return Optional.empty();
  }

  @Override
  public List<ObservedVolume> listVolumes(Map<String, String> labels) {
    return List.of();
  }

  @Override
  public Optional<ObservedVolume> inspectVolume(String name) {
    return Optional.empty();
  }

  @Override
  public boolean imageExists(String image) {
    return true;
  }

  @Override
  public EngineInfo info() {
    return new EngineInfo(null, null, null, null);
  }

  @Override
  public void ping() {}

  @Override
  public Closeable watchEvents(Consumer<EngineEvent> sink, Consumer<Throwable> onEnd) {
    return () -> { };
  }
}
