package io.orch.core.plan;

import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.StandingFailure;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import io.orch.core.restart.RestartHistories;
import io.orch.core.rollout.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pure planner: desired stack vs observed engine state -> ordered actions, each with a cause. No engine calls, no
 * clock (time comes in), no threads. Order: networks and volumes, image pulls, container work by service then slot,
 * then removal of networks and volumes. Only objects labelled managed and with this stack are ever touched.
 */
public final class Planner {

  /**
   * Plans one pass for {@code stackName}. {@code desired} null means the stack was deleted: everything it owns is
   * removed, volumes only when {@code removeVolumes}. {@code restarts} is read for exited and unhealthy containers;
   * nothing is written: the restarts a plan performs are folded into the history by the caller once done.
   */
  public Plan plan(String stackName, Stack submitted, boolean removeVolumes, ObservedState observed,
      RestartHistories restarts, Instant now) {
    return plan(stackName, submitted, removeVolumes, observed, restarts, Map.of(), now);
  }

  /**
   * As above, with each service's rollout state from before this pass ({@code rollouts}, by service): the plan's
   * service statuses carry the state after it, which the caller stores.
   */
  public Plan plan(String stackName, Stack submitted, boolean removeVolumes, ObservedState observed,
      RestartHistories restarts, Map<String, RolloutState> rollouts, Instant now) {
    ObservedStack mine = ObservedStack.of(stackName, observed);
    if (submitted == null) {
      return removeStack(mine, removeVolumes);
    }
    if (!stackName.equals(submitted.name())) {
      throw new IllegalArgumentException("stack " + submitted.name() + " planned under the name " + stackName);
    }
    Stack desired = SharedNamespaces.resolve(submitted, mine);
    List<Action> objects = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> clashing = new HashSet<>();
    createNetworks(desired, mine, objects, problems, clashing);
    createVolumes(desired, mine, objects, problems, clashing);

    Map<String, ServiceWork> works = new TreeMap<>();
    for (ServiceSpec service : desired.services().values()) {
      List<String> missingImage = imageBlockers(service, mine);
      List<String> blockers = new ArrayList<>(missingImage);
      List<String> foreign = clashBlockers(desired, service, clashing);
      blockers.addAll(foreign);
      ServiceWork work = new ServicePlanner(desired, service, mine, restarts, now, rollouts.get(service.name()))
          .plan(blockers);
      // Never adopted, and waiting cannot help: the service is failed until the user renames or declares it external.
      foreign.forEach(f -> work.standing(new StandingFailure(StandingFailure.Kind.NAME_TAKEN_BY_FOREIGN_OBJECT, f)));
      // Orch never builds, and pulls only under pull_policy missing/always: such a missing image waits for the user.
      missingImage.forEach(m -> work.standing(new StandingFailure(StandingFailure.Kind.IMAGE_UNAVAILABLE, m)));
      works.put(service.name(), work);
    }

    Map<String, List<Action>> containerWork = new TreeMap<>();
    works.forEach((name, work) -> containerWork.put(name, work.actions));
    mine.containersByService.forEach((service, containers) -> {
      if (!desired.services().containsKey(service)) {
        containerWork.put(service, removeAll(containers, Reason.SERVICE_REMOVED, "service removed"));
      }
    });

    List<Action> actions = new ArrayList<>(objects);
    actions.addAll(pulls(desired, works, mine));
    containerWork.values().forEach(actions::addAll);
    if (allContainersCurrent(desired, mine)) {
      actions.addAll(removeUndesiredNetworks(desired, mine));
    }

    Map<String, ServicePlanStatus> statuses = new LinkedHashMap<>();
    Duration requeue = null;
    for (ServiceWork work : works.values()) {
      statuses.put(work.service, work.status());
      Duration wake = work.wakeUpIn(now);
      if (wake != null && (requeue == null || wake.compareTo(requeue) < 0)) {
        requeue = wake.isNegative() ? Duration.ZERO : wake;
      }
    }
    return new Plan(actions, statuses, problems, Optional.ofNullable(requeue));
  }

  private static Plan removeStack(ObservedStack mine, boolean removeVolumes) {
    List<Action> actions = new ArrayList<>();
    mine.containersByService.values().forEach(containers -> actions.addAll(removeAll(containers, Reason.STACK_REMOVED, "stack removed")));
    // Docker refuses to remove a network with endpoints or a volume in use: wait until every container is gone.
    if (mine.containers.isEmpty()) {
      mine.networks.values().forEach(n -> actions.add(new Action.RemoveNetwork(n.id(), n.name(), "stack removed")));
      if (removeVolumes) {
        mine.volumes.keySet().forEach(name -> actions.add(new Action.RemoveVolume(name, "stack removed")));
      }
    }
    return new Plan(actions, Map.of(), List.of(), Optional.empty());
  }

  private static void createNetworks(Stack desired, ObservedStack mine, List<Action> actions, List<String> problems,
      Set<String> clashing) {
    for (NetworkSpec network : EngineSpecs.stackNetworks(desired).values()) {
      if (network.external()) {
        continue;
      }
      String name = EngineSpecs.engineName(desired, network.name());
      if (mine.networks.containsKey(name)) {
        continue;
      }
      if (mine.foreignNetworks.contains(name)) {
        problems.add(foreignMessage("network", name));
        clashing.add("network:" + network.name());
      } else {
        actions.add(new Action.CreateNetwork(EngineSpecs.forNetwork(desired, network), "missing"));
      }
    }
  }

  private static void createVolumes(Stack desired, ObservedStack mine, List<Action> actions, List<String> problems,
      Set<String> clashing) {
    for (VolumeSpec volume : desired.volumes().values()) {
      if (volume.external()) {
        continue;
      }
      String name = EngineSpecs.volumeEngineName(desired, volume.name());
      if (mine.volumes.containsKey(name)) {
        continue;
      }
      if (mine.foreignVolumes.contains(name)) {
        problems.add(foreignMessage("volume", name));
        clashing.add("volume:" + volume.name());
      } else {
        actions.add(new Action.CreateVolume(EngineSpecs.forVolume(desired, volume), "missing"));
      }
    }
  }

  private static String foreignMessage(String kind, String name) {
    return kind + " " + name + " exists on the engine but orch did not create it for this stack (it lacks the stack's labels);"
        + " orch neither uses nor changes it: declare it external: true to use it, or choose another name for the "
        + kind;
  }

  private static List<String> clashBlockers(Stack desired, ServiceSpec service, Set<String> clashing) {
    List<String> blockers = new ArrayList<>();
    for (String network : EngineSpecs.networksOf(service).keySet()) {
      if (clashing.contains("network:" + network)) {
        blockers.add(foreignMessage("network", EngineSpecs.engineName(desired, network)));
      }
    }
    for (MountSpec mount : service.volumes()) {
      if (mount.type() == MountSpec.Type.VOLUME && clashing.contains("volume:" + mount.source())) {
        blockers.add(foreignMessage("volume", EngineSpecs.volumeEngineName(desired, mount.source())));
      }
    }
    return blockers;
  }

  private static List<String> imageBlockers(ServiceSpec service, ObservedStack mine) {
    if (mine.imagePresent(service.image())) {
      return List.of();
    }
    if (service.build() != null) {
      // The CLI builds before it submits (as Compose builds client-side); the agent never pulls a built image, so a
      // missing one blocks the service with a message instead of a pull that fails on every pass.
      return List.of("image " + service.image() + " is built from build: " + service.build().context()
          + " and is missing; run orch build " + service.name() + " or orch up");
    }
    return switch (service.pullPolicy()) {
      case NEVER -> List.of("image " + service.image() + " is missing and pull_policy is never");
      case BUILD -> List.of("image " + service.image() + " is missing and orch does not build images");
      case ALWAYS, MISSING -> List.of();
    };
  }

  /** One pull per image, for services that create containers in this pass. */
  private static List<Action> pulls(Stack desired, Map<String, ServiceWork> works, ObservedStack mine) {
    Map<String, Action> byImage = new LinkedHashMap<>();
    works.forEach((name, work) -> {
      ServiceSpec service = desired.service(name);
      if (!work.creates() || byImage.containsKey(service.image()) || service.build() != null) {
        return;
      }
      if (service.pullPolicy() == PullPolicy.ALWAYS) {
        byImage.put(service.image(), new Action.PullImage(name, service.image(), "pull_policy always"));
      } else if (service.pullPolicy() == PullPolicy.MISSING && !mine.imagePresent(service.image())) {
        byImage.put(service.image(), new Action.PullImage(name, service.image(), "image missing"));
      }
    });
    return List.copyOf(byImage.values());
  }

  private static List<Action> removeAll(List<ObservedContainer> containers, Reason reason, String cause) {
    List<Action> actions = new ArrayList<>();
    containers.stream()
        .filter(c -> c.state() != ObservedContainer.State.REMOVING)
        .sorted(Comparator.comparingInt(ObservedContainer::slot).reversed().thenComparing(ObservedContainer::name))
        .forEach(c -> {
          if (c.running()) {
            // No spec to read the grace from (its service or stack is gone): a null grace makes the engine use the
            // stop timeout the container was created with, i.e. its own stop_grace_period.
            actions.add(new Action.StopContainer(c.service(), c.slot(), c.id(), c.name(), null, reason, cause));
          }
          actions.add(new Action.RemoveContainer(c.service(), c.slot(), c.id(), c.name(), reason, cause));
        });
    return actions;
  }

  /**
   * True when every container of the stack runs the desired spec of a desired slot. The hash covers the networks, so
   * none of them can still be attached to a network the stack no longer wants, and Docker will let it be removed.
   */
  private static boolean allContainersCurrent(Stack desired, ObservedStack mine) {
    Map<String, String> hashes = new TreeMap<>();
    for (ObservedContainer c : mine.containers) {
      ServiceSpec service = desired.service(c.service());
      if (service == null || c.slot() < 1 || c.slot() > service.replicas()
          || !hashes.computeIfAbsent(service.name(), s -> EngineSpecs.hashOf(desired, service)).equals(c.specHash())) {
        return false;
      }
    }
    return true;
  }

  private static List<Action> removeUndesiredNetworks(Stack desired, ObservedStack mine) {
    Set<String> wanted = new HashSet<>();
    EngineSpecs.stackNetworks(desired).keySet().forEach(n -> wanted.add(EngineSpecs.engineName(desired, n)));
    return mine.networks.values().stream()
        .filter(n -> !wanted.contains(n.name()))
        .map(n -> (Action) new Action.RemoveNetwork(n.id(), n.name(), "network removed from stack"))
        .toList();
  }

}
