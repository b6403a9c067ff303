package io.orch.core.restart;

import io.orch.core.engine.ObservedContainer;
import java.util.Comparator;
import java.util.Optional;

/**
 * One replica's place in a service: the service and its slot label. Restart histories are kept by slot, not by
 * container name, since a slot's container changes name (a start-first replacement is {@code
 * <stack>-<service>-<slot>-<hash8>}, the one after it the plain name again) while its crash loop is one story.
 */
public record ReplicaSlot(String service, int slot) implements Comparable<ReplicaSlot> {
  private static final Comparator<ReplicaSlot> ORDER =
      Comparator.comparing(ReplicaSlot::service).thenComparingInt(ReplicaSlot::slot);
  /** Compose service names cannot hold it ([a-zA-Z0-9._-]), so the stored key splits back unambiguously. */
  private static final char SEPARATOR = '/';

  public ReplicaSlot {
    if (service == null || service.isEmpty()) {
      throw new IllegalArgumentException("a replica slot needs a service");
    }
  }

  /** The slot a container holds, by its labels. */
  public static ReplicaSlot of(ObservedContainer container) {
    return new ReplicaSlot(container.service() == null ? "" : container.service(), container.slot());
  }

  /** As stored in the restart book: {@code web/2}. */
  public String key() {
    return service + SEPARATOR + slot;
  }

  /** A stored key read back; empty for anything else (e.g. an older agent's container-name keys). */
  public static Optional<ReplicaSlot> parse(String key) {
    int at = key == null ? -1 : key.lastIndexOf(SEPARATOR);
    if (at <= 0 || at == key.length() - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ReplicaSlot(key.substring(0, at), Integer.parseInt(key.substring(at + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(ReplicaSlot other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return key();
  }
}
