package io.orch.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a resubmission does to services of the running stack that the new file no longer has (a service deleted from
 * the file, or another folder's file with the same stack name). As Compose keeps orphans unless asked with
 * {@code --remove-orphans}, they are kept: the desired stack is the submitted one plus the orphans' stored specs and
 * the networks and volumes those use, so nothing the user did not ask to remove is stopped.
 */
public final class Orphans {
  private Orphans() {}

  /**
   * The stack to store and the orphans kept from the running one (empty when none was left out); services kept
   * because a profile disables them are in the stack but not named.
   */
  public record Kept(Stack stack, List<String> services) {
    public Kept {
      services = List.copyOf(services);
    }
  }

  /** Keeps the services of {@code running} (may be null: a new stack) that {@code submitted} leaves out. */
  public static Kept keep(Stack submitted, Stack running) {
    return keep(submitted, running, null, false);
  }

  /**
   * Keeps what a submission with {@code activeProfiles} leaves of {@code running} (may be null: a new stack), as
   * {@code docker compose up} does: a service of a profile that is not active now (started by an earlier
   * {@code --profile}) is disabled, not an orphan, so it is kept as it is, without being named, even with
   * {@code removeOrphans}; any other service the submission leaves out is an orphan, kept and named unless
   * {@code removeOrphans}. {@code activeProfiles} null: profiles are not considered (every left-out service is an
   * orphan).
   */
  public static Kept keep(Stack submitted, Stack running, Set<String> activeProfiles,
      boolean removeOrphans) {
    if (running == null) {
      return new Kept(submitted, List.of());
    }
    Map<String, ServiceSpec> services = new LinkedHashMap<>(submitted.services());
    Map<String, NetworkSpec> networks = new LinkedHashMap<>(submitted.networks());
    Map<String, VolumeSpec> volumes = new LinkedHashMap<>(submitted.volumes());
    List<String> kept = new ArrayList<>();
    List<String> orphans = new ArrayList<>();
    running.services().forEach((name, spec) -> {
      if (services.containsKey(name)) {
        return;
      }
      boolean disabled = activeProfiles != null && disabledByProfile(spec, activeProfiles);
      if (!disabled && removeOrphans) {
        return;
      }
      kept.add(name);
      if (!disabled) {
        orphans.add(name);
      }
      services.put(name, spec);
      spec.networks().keySet().forEach(n -> {
        if (running.networks().containsKey(n)) {
          networks.putIfAbsent(n, running.networks().get(n));
        }
      });
      spec.volumes().stream().filter(m -> m.type() == MountSpec.Type.VOLUME && m.source() != null)
          .filter(m -> running.volumes().containsKey(m.source()))
          .forEach(m -> volumes.putIfAbsent(m.source(), running.volumes().get(m.source())));
    });
    if (kept.isEmpty()) {
      return new Kept(submitted, List.of());
    }
    return new Kept(new Stack(submitted.name(), services, networks, volumes), orphans);
  }

  /** A service of profiles none of which is active: Compose leaves it out of the project, and leaves it running. */
  static boolean disabledByProfile(ServiceSpec spec, Set<String> activeProfiles) {
    return !spec.profiles().isEmpty() && !activeProfiles.contains("*")
        && spec.profiles().stream().noneMatch(activeProfiles::contains);
  }
}
