package io.orch.agent.reconcile;

import io.orch.core.engine.EngineView;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedNetwork;
import io.orch.core.engine.ObservedVolume;
import io.orch.core.plan.Labels;
import java.util.Map;
import java.util.Optional;

/**
 * Re-reads an object right before a destructive call and gives back the exact id to act on only when its labels say
 * {@code io.orch.managed=true} and this stack. The plan was made from a list by label, but it may be stale, and a name
 * can resolve to another object than the one listed (dockerd cleans {@code /networks/x/../victim} to
 * {@code /networks/victim}); so every stop and remove acts by the id whose labels were just read.
 */
final class Ownership {
  /** The object exists but is not this stack's: nothing was done to it. */
  static final class ForeignObjectException extends RuntimeException {
    ForeignObjectException(String message) {
      super(message);
    }
  }

  private final EngineView engine;

  Ownership(EngineView engine) {
    this.engine = engine;
  }

  /** The container's id, or empty when it is gone. */
  Optional<String> container(String stack, String id) {
    Optional<ObservedContainer> c = engine.inspectContainer(id);
    c.ifPresent(x -> require(stack, "container", id, x.id(), x.name(), x.labels()));
    return c.map(ObservedContainer::id);
  }

  /** The network's id, or empty when it is gone. */
  Optional<String> network(String stack, String id) {
    Optional<ObservedNetwork> n = engine.inspectNetwork(id);
    n.ifPresent(x -> require(stack, "network", id, x.id(), x.name(), x.labels()));
    return n.map(ObservedNetwork::id);
  }

  /** The volume's name (a volume's only id), or empty when it is gone. */
  Optional<String> volume(String stack, String name) {
    Optional<ObservedVolume> v = engine.inspectVolume(name);
    v.ifPresent(x -> require(stack, "volume", name, x.name(), x.name(), x.labels()));
    return v.map(ObservedVolume::name);
  }

  private static void require(String stack, String kind, String asked, String found, String name,
      Map<String, String> labels) {
    // An id prefix or a name that resolves to another object than the one planned is refused as well.
    if (!asked.equals(found)) {
      throw new ForeignObjectException("refusing to touch " + kind + " " + asked + ": the engine resolved it to "
          + kind + " " + name + " (" + found + "), not the object orch listed");
    }
    if (!"true".equals(labels.get(Labels.MANAGED)) || !stack.equals(labels.get(Labels.STACK))) {
      throw new ForeignObjectException("refusing to touch " + kind + " " + name + ": its labels do not say "
          + Labels.MANAGED + "=true and " + Labels.STACK + "=" + stack + " (orch never touches what it does not own)");
    }
  }
}
