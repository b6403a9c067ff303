package io.orch.agent.observe;

import io.orch.core.engine.EngineEvent;
import io.orch.core.plan.Labels;
import java.util.Set;

/**
 * What an engine event means for orch's observed state. Most of what the engine says changes nothing orch plans on: a
 * health-check probe alone is three events ({@code exec_create}, {@code exec_start}, {@code exec_die}), and
 * {@code kill}/{@code stop} are always followed by the {@code die} that carries the change. Only events that can change
 * an {@link io.orch.core.engine.ObservedContainer} are worth an inspect and a reconcile pass.
 */
public enum EngineEventKind {
  /** Nothing orch plans on changed (exec probes, attach, resize, a network or volume event without labels...). */
  IGNORED,
  /** A managed container may have changed: inspect it and compare. */
  CONTAINER_CHANGED,
  /** A managed container is gone. */
  CONTAINER_REMOVED,
  /**
   * A network, volume or image came or went: no container changed, but what a stack's last listing of its networks,
   * volumes and images said may no longer hold (see {@link ContainerInformer#objectsChangedSince}).
   */
  OBJECT_CHANGED;

  // Container actions whose effect shows in inspect: state, exit code, health, name, labels of a recreated container.
  private static final Set<String> CHANGING = Set.of(
      "create", "start", "die", "oom", "pause", "unpause", "restart", "rename", "update");

  // Network and volume events that change which objects exist: connect/disconnect and mount/unmount come with every
  // container start and stop, and change nothing a listing shows.
  private static final Set<String> OBJECT_LIFECYCLE = Set.of("create", "destroy", "remove");
  // Image events that can change whether an image is present locally.
  private static final Set<String> IMAGE_PRESENCE = Set.of("pull", "load", "import", "tag", "untag", "delete");

  public static EngineEventKind of(EngineEvent e) {
    if (e.action() != null && objectChange(e.type(), e.action().trim())) {
      return OBJECT_CHANGED;
    }
    if (!"container".equals(e.type()) || e.action() == null
        || !"true".equals(e.attributes().get(Labels.MANAGED))) {
      return IGNORED;
    }
    String action = e.action().trim();
    if (action.equals("destroy")) {
      return CONTAINER_REMOVED;
    }
    if (action.startsWith("health_status") || CHANGING.contains(action)) {
      return CONTAINER_CHANGED;
    }
    return IGNORED;
  }

  private static boolean objectChange(String type, String action) {
    return switch (type == null ? "" : type) {
      case "network", "volume" -> OBJECT_LIFECYCLE.contains(action);
      case "image" -> IMAGE_PRESENCE.contains(action);
      default -> false;
    };
  }
}
