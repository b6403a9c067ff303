package io.orch.core.plan;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.NetworkCreate;
import io.orch.core.engine.VolumeCreate;
import io.orch.core.restart.PlannedRestart;
import java.time.Duration;

/**
 * One step of a plan. Each carries the {@code cause} that goes into logs and events. {@code toString()} is the golden
 * text form used by tests and `orch plan`: {@code <verb> <object> (<cause>)}.
 */
public sealed interface Action {
  String cause();

  /** Create a network (before any container that joins it). */
  record CreateNetwork(NetworkCreate spec, String cause) implements Action {
    @Override
    public String toString() {
      return "create network " + spec.name() + " (" + cause + ")";
    }
  }

  /**
   * Remove a network (only once no managed container of the stack is left on it). By {@code id}: the engine resolves
   * a name in a URL path, and only the id of the network observed with this stack's labels names exactly that one.
   */
  record RemoveNetwork(String id, String name, String cause) implements Action {
    @Override
    public String toString() {
      return "remove network " + name + " (" + cause + ")";
    }
  }

  record CreateVolume(VolumeCreate spec, String cause) implements Action {
    @Override
    public String toString() {
      return "create volume " + spec.name() + " (" + cause + ")";
    }
  }

  record RemoveVolume(String name, String cause) implements Action {
    @Override
    public String toString() {
      return "remove volume " + name + " (" + cause + ")";
    }
  }

  /** Pull an image that is missing locally (or always, per pull_policy). */
  record PullImage(String service, String image, String cause) implements Action {
    @Override
    public String toString() {
      return "pull " + image + " for " + service + " (" + cause + ")";
    }
  }

  /** What every container action has: the replica it acts on and the typed reason beside the cause text. */
  sealed interface ContainerAction extends Action {
    String service();

    int slot();

    /** The container's name (the one it will have, for a create). */
    String name();

    Reason reason();
  }

  /**
   * Create and start a replica. {@code restart} is non-null when this replaces a container the user would see as
   * restarted (e.g. an unhealthy one), so it counts once done.
   */
  record CreateContainer(String service, int slot, ContainerSpec spec, Reason reason, PlannedRestart restart,
      String cause) implements ContainerAction {
    @Override
    public String name() {
      return spec.name();
    }

    @Override
    public String toString() {
      return "create " + spec.name() + " (" + cause + ")";
    }
  }

  /** Start an existing container again; {@code restart} non-null when this is a restart to count. */
  record StartContainer(String service, int slot, String id, String name, Reason reason, PlannedRestart restart,
      String cause) implements ContainerAction {
    @Override
    public String toString() {
      return "start " + name + " (" + cause + ")";
    }
  }

  /** {@code grace} null: the stop timeout the container was created with (its stop_grace_period). */
  record StopContainer(String service, int slot, String id, String name, Duration grace, Reason reason, String cause)
      implements ContainerAction {
    @Override
    public String toString() {
      return "stop " + name + " (" + cause + ")";
    }
  }

  /** Force-remove a container (kills it if still running). */
  record RemoveContainer(String service, int slot, String id, String name, Reason reason, String cause)
      implements ContainerAction {
    @Override
    public String toString() {
      return "remove " + name + " (" + cause + ")";
    }
  }
}
