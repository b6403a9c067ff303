package io.orch.core.engine;

import java.time.Duration;

/**
 * The engine's write side. Only the plan executor is handed this type, so one component mutates the engine. Calls
 * are idempotent where the engine allows it: stopping a stopped container or removing a missing one succeeds.
 */
public interface Engine extends EngineView {
  /** Creates (not starts) a container and connects it to every network of the spec; returns its id. */
  String createContainer(ContainerSpec spec);

  void startContainer(String id);

  /** Stops with the container's stop signal, then SIGKILL after {@code grace}. */
  void stopContainer(String id, Duration grace);

  /** Force-removes the container and its anonymous volumes. */
  void removeContainer(String id);

  String createNetwork(NetworkCreate spec);

  void removeNetwork(String idOrName);

  void createVolume(VolumeCreate spec);

  void removeVolume(String name);

  /** Pulls an image; throws {@link EngineException.Rejected} when the registry refuses or is unreachable. */
  void pullImage(String image);
}
