package io.orch.core.plan;

import static io.orch.core.plan.Fixtures.IMAGE;
import static io.orch.core.plan.Fixtures.NOW;
import static io.orch.core.plan.Fixtures.STACK;
import static io.orch.core.plan.Fixtures.container;
import static io.orch.core.plan.Fixtures.managedNetwork;
import static io.orch.core.plan.Fixtures.managedVolume;
import static io.orch.core.plan.Fixtures.observed;
import static io.orch.core.plan.Fixtures.service;
import static io.orch.core.plan.Fixtures.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ObservedContainer.Health;
import io.orch.core.engine.ObservedContainer.State;
import io.orch.core.engine.ObservedContainer;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.BuildSpec;
import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.OrchOptions;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceNetwork;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.UpdateConfig;
import io.orch.core.model.VolumeSpec;
import io.orch.core.restart.ReplicaSlot;
import io.orch.core.restart.RestartDecision;
import io.orch.core.restart.RestartHistories;
import io.orch.core.restart.RestartReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final HealthCheck HEALTHCHECK =
      new HealthCheck(List.of("CMD", "true"), Duration.ofSeconds(5), null, null, null, null);

  private final Planner planner = new Planner();
  private RestartHistories restarts = RestartHistories.EMPTY;

  private Plan plan(Stack desired, ObservedState observed) {
    return planner.plan(STACK, desired, false, observed, restarts, NOW);
  }

  @Test
  void convergesFromEmpty() {
    ServiceSpec db = service("db").withVolumes(List.of(new MountSpec(MountSpec.Type.VOLUME, "data", "/data", false,
        null)));
    Stack desired = new Stack(STACK, Map.of("db", db, "web", service("web").withReplicas(2)), Map.of(),
        Map.of("data", VolumeSpec.local("data")));

    Plan plan = plan(desired, new ObservedState(List.of(), List.of(), List.of(), List.of(IMAGE)));

    assertThat(plan).hasToString("""
        create network shop_default (missing)
        create volume shop_data (missing)
        create shop-db-1 (scale up)
        create shop-web-1 (scale up)
        create shop-web-2 (scale up)
        """);
    Action.CreateContainer createDb = (Action.CreateContainer) plan.actions().get(2);
    assertThat(createDb.spec().mounts()).extracting(MountSpec::source).containsExactly("shop_data");
    assertThat(plan.requeueAfter()).isEmpty();
  }

  @Test
  void adoptsWhatExistsAndCreatesNothingTwice() {
    Stack desired = stack(service("db"), service("web").withReplicas(2));

    Plan plan = plan(desired, observed(container(desired, "db", 1), container(desired, "web", 1),
        container(desired, "web", 2)));

    assertThat(plan).hasToString("");
    assertThat(plan.services().get("web").notes()).isEmpty();
  }

  @Test
  void scalesDownHighestSlotsFirst() {
    Stack three = stack(service("web").withReplicas(3));

    Plan plan = plan(three.withReplicas("web", 1), observed(container(three, "web", 1), container(three, "web", 2),
        container(three, "web", 3)));

    assertThat(plan).hasToString("""
        stop shop-web-3 (scale down)
        remove shop-web-3 (scale down)
        stop shop-web-2 (scale down)
        remove shop-web-2 (scale down)
        """);
  }

  @Test
  void recreatesAMissingSlotBelowExistingOnes() {
    Stack desired = stack(service("web").withReplicas(2));

    assertThat(plan(desired, observed(container(desired, "web", 2)))).hasToString("""
        create shop-web-1 (missing)
        """);
  }

  @Test
  void replacesChangedSpecOneAtATime() {
    ServiceSpec v1 = service("web").withReplicas(3);
    Stack old = stack(v1);
    Stack updated = stack(v1.withEnvironment(Map.of("COLOR", "blue")));

    Plan first = plan(updated, observed(container(old, "web", 1), container(old, "web", 2), container(old, "web", 3)));
    assertThat(first).hasToString("""
        stop shop-web-1 (spec changed)
        remove shop-web-1 (spec changed)
        create shop-web-1 (spec changed)
        """);

    // The new replica runs but has not been up for update_config.monitor (5s): hold the next batch until then.
    Plan settling = plan(updated, observed(container(updated, "web", 1).startedAt(NOW.minusSeconds(2)),
        container(old, "web", 2), container(old, "web", 3)));
    assertThat(settling).hasToString("");
    assertThat(settling.requeueAfter()).contains(Duration.ofSeconds(3));
    assertThat(settling.services().get("web").notes())
        .containsExactly("spec changed: 2 of 3 replicas outdated, waiting for replaced replicas to be ready");

    Plan next = plan(updated, observed(container(updated, "web", 1).startedAt(NOW.minusSeconds(10)),
        container(old, "web", 2), container(old, "web", 3)));
    assertThat(next).hasToString("""
        stop shop-web-2 (spec changed)
        remove shop-web-2 (spec changed)
        create shop-web-2 (spec changed)
        """);
  }

  @Test
  void holdsRolloutWhileReplacedReplicaIsNotHealthy() {
    ServiceSpec v1 = service("web").withReplicas(2).withHealthcheck(HEALTHCHECK);
    Stack old = stack(v1);
    Stack updated = stack(v1.withCommand(List.of("httpd", "-f")));

    Plan plan = plan(updated, observed(container(updated, "web", 1).health(Health.STARTING),
        container(old, "web", 2).health(Health.HEALTHY)));

    assertThat(plan).hasToString("");
  }

  @Test
  void replacesUpToParallelismSlotsPerStep() {
    UpdateConfig twoAtATime = new UpdateConfig(2, Duration.ZERO, UpdateConfig.FailureAction.PAUSE,
        Duration.ofSeconds(5), 0.0, UpdateConfig.Order.STOP_FIRST);
    ServiceSpec v1 = service("web").withReplicas(3).withUpdateConfig(twoAtATime);
    Stack old = stack(v1);
    Stack updated = stack(v1.withEnvironment(Map.of("COLOR", "blue")));

    Plan plan = plan(updated, observed(container(old, "web", 1), container(old, "web", 2), container(old, "web", 3)));

    assertThat(plan).hasToString("""
        stop shop-web-1 (spec changed)
        remove shop-web-1 (spec changed)
        create shop-web-1 (spec changed)
        stop shop-web-2 (spec changed)
        remove shop-web-2 (spec changed)
        create shop-web-2 (spec changed)
        """);
  }

  @Test
  void restartsExitedContainerAfterBackoff() {
    Stack desired = stack(service("web"));

    Plan first = plan(desired, observed(container(desired, "web", 1)
        .exited(1, NOW.minusSeconds(3), NOW.minusMillis(100))));
    assertThat(first).hasToString("""
        start shop-web-1 (exited 1, restart 1)
        """);
    assertThat(((Action.StartContainer) first.actions().get(0)).restart().reason()).isEqualTo(RestartReason.EXIT);
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW, false);

    // It crashes again at once: the second restart waits backoff.initial (1s) from the exit.
    ObservedState crashedAgain = observed(container(desired, "web", 1)
        .exited(1, NOW, NOW.plusMillis(200)));
    Plan waiting = planner.plan(STACK, desired, false, crashedAgain, restarts, NOW.plusMillis(300));
    assertThat(waiting).hasToString("");
    assertThat(waiting.requeueAfter()).contains(Duration.ofMillis(900));
    ServicePlanStatus web = waiting.services().get("web");
    assertThat(web.notes()).containsExactly("shop-web-1: exited 1, restart 2 in 900ms");
    assertThat(web.nextRestart()).contains(NOW.plusMillis(1200));

    Plan due = planner.plan(STACK, desired, false, crashedAgain, restarts, NOW.plusMillis(1200));
    assertThat(due).hasToString("""
        start shop-web-1 (exited 1, backoff elapsed)
        """);
  }

  @Test
  void restartsOomKilledContainerWithReasonOom() {
    Stack desired = stack(service("web"));

    Plan plan = plan(desired, observed(container(desired, "web", 1)
        .exited(137, NOW.minusSeconds(3), NOW.minusSeconds(1)).oomKilled()));

    assertThat(plan).hasToString("""
        start shop-web-1 (exited 137 (oom), restart 1)
        """);
    assertThat(((Action.StartContainer) plan.actions().get(0)).restart().reason()).isEqualTo(RestartReason.OOM);
  }

  @Test
  void leavesContainerThatCompletedUnderOnFailure() {
    RestartPolicy onFailure = new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, null, null);
    Stack desired = stack(service("job").withRestartPolicy(onFailure));

    Plan plan = plan(desired, observed(container(desired, "job", 1)
        .exited(0, NOW.minusSeconds(3), NOW.minusSeconds(1))));

    assertThat(plan).hasToString("");
    assertThat(plan.services().get("job").notes()).containsExactly("shop-job-1: exited 0, restart policy on-failure");
  }

  @Test
  void marksServiceFailedAtMaxAttempts() {
    RestartPolicy twice = new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 2, null);
    Stack desired = stack(service("web").withRestartPolicy(twice));
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(20), false);
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(10), false);

    Plan plan = plan(desired, observed(container(desired, "web", 1)
        .exited(1, NOW.minusSeconds(5), NOW.minusSeconds(4))));

    assertThat(plan).hasToString("");
    ServicePlanStatus web = plan.services().get("web");
    assertThat(web.failed()).isTrue();
    assertThat(web.failure()).isEqualTo("shop-web-1: exited 1, gave up after 2 restarts (max_attempts 2)");
    assertThat(plan.requeueAfter()).isEmpty();
  }

  @Test
  void aGiveUpTravelsAsADecisionAndItsNoteIsRenderedFromIt() {
    RestartPolicy twice = new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, null, 2, Duration.ofMinutes(1));
    Stack desired = stack(service("web").withRestartPolicy(twice));
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(20), false);
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(10), false);

    ServicePlanStatus web = plan(desired, observed(container(desired, "web", 1)
        .exited(3, NOW.minusSeconds(5), NOW.minusSeconds(4)))).services().get("web");

    RestartDecision decision = web.restartDecision("shop-web-1").orElseThrow();
    assertThat(decision.kind()).isEqualTo(RestartDecision.Kind.GIVE_UP);
    assertThat(decision.reason()).isEqualTo(RestartReason.EXIT);
    assertThat(decision.exitCode()).isEqualTo(3);
    assertThat(decision.limit()).isEqualTo(new RestartDecision.Limit(2, 2, Duration.ofMinutes(1)));
    assertThat(web.notes()).containsExactly("shop-web-1: exited 3, gave up after 2 restarts (max_attempts 2 in 1m)");
    assertThat(web.failure()).isEqualTo(web.notes().get(0));
  }

  @Test
  void aBackoffTravelsAsAWaitDecisionWithItsDueTime() {
    Stack desired = stack(service("web"));
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(20), false);
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(10), false);

    ServicePlanStatus web = plan(desired, observed(container(desired, "web", 1)
        .exited(1, NOW.minusSeconds(5), NOW))).services().get("web");

    RestartDecision decision = web.restartDecision("shop-web-1").orElseThrow();
    assertThat(decision.kind()).isEqualTo(RestartDecision.Kind.WAIT);
    assertThat(decision.number()).isEqualTo(3);
    assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(2)); // 1s, then 2s
    assertThat(web.restartDue("shop-web-1")).contains(NOW.plusSeconds(2));
    assertThat(web.notes()).containsExactly("shop-web-1: exited 1, restart 3 in 2s");
  }

  @Test
  void replacesUnhealthyContainer() {
    Stack desired = stack(service("web").withHealthcheck(HEALTHCHECK));

    Plan plan = plan(desired, observed(container(desired, "web", 1).health(Health.UNHEALTHY)));

    assertThat(plan).hasToString("""
        stop shop-web-1 (unhealthy, restart 1)
        remove shop-web-1 (unhealthy, restart 1)
        create shop-web-1 (unhealthy, restart 1)
        """);
    assertThat(((Action.CreateContainer) plan.actions().get(2)).restart().reason()).isEqualTo(RestartReason.UNHEALTHY);
  }

  @Test
  void backsOffReplacingAContainerThatTurnsUnhealthyAgain() {
    Stack desired = stack(service("web").withHealthcheck(HEALTHCHECK));
    restarts = restarts.restarted(new ReplicaSlot("web", 1), NOW.minusSeconds(20), false);
    ObservedState seen = observed(container(desired, "web", 1).health(Health.UNHEALTHY)
        .startedAt(NOW.minusSeconds(20)));
    // The agent saw it turn unhealthy now: the wait is measured from that moment.
    ObservedState unhealthyAgain = new ObservedState(seen.containers(), seen.networks(), seen.volumes(),
        seen.imagesPresent(), Map.of(seen.containers().get(0).id(), NOW));

    Plan waiting = plan(desired, unhealthyAgain);
    assertThat(waiting).hasToString("");
    assertThat(waiting.requeueAfter()).contains(Duration.ofSeconds(1));

    Plan due = planner.plan(STACK, desired, false, unhealthyAgain, restarts, NOW.plusSeconds(1));
    assertThat(due.actions()).extracting(Action::cause).containsOnly("unhealthy, backoff elapsed");
  }

  @Test
  void keepsUnhealthyContainerWhenOnUnhealthyIsIgnore() {
    OrchOptions ignore = new OrchOptions(OrchOptions.OnUnhealthy.IGNORE, null, true);
    Stack desired = stack(service("web").withHealthcheck(HEALTHCHECK).withOrch(ignore));

    assertThat(plan(desired, observed(container(desired, "web", 1).health(Health.UNHEALTHY)))).hasToString("");
  }

  @Test
  void holdsDependentUntilDependencyHealthy() {
    ServiceSpec db = service("db").withHealthcheck(HEALTHCHECK);
    ServiceSpec api = service("api")
        .withDependsOn(Map.of("db", new Dependency(Dependency.Condition.SERVICE_HEALTHY, true)));
    Stack desired = stack(db, api);

    Plan starting = plan(desired, observed(container(desired, "db", 1).health(Health.STARTING)));
    assertThat(starting).hasToString("");
    assertThat(starting.services().get("api").notes()).containsExactly("waiting for db (service_healthy)");
    assertThat(starting.services().get("api").waits())
        .containsExactly(new DependencyWait("db", Dependency.Condition.SERVICE_HEALTHY));

    Plan healthy = plan(desired, observed(container(desired, "db", 1).health(Health.HEALTHY)));
    assertThat(healthy).hasToString("""
        create shop-api-1 (scale up)
        """);
  }

  @Test
  void createsDependencyBeforeDependentFromEmpty() {
    ServiceSpec db = service("db");
    ServiceSpec api = service("api").withDependsOn(Map.of("db", Dependency.STARTED));

    Plan plan = plan(stack(db, api), observed());

    assertThat(plan).hasToString("""
        create shop-db-1 (scale up)
        """);
    assertThat(plan.services().get("api").notes()).containsExactly("waiting for db (service_started)");
    assertThat(plan.services().get("api").waits())
        .containsExactly(new DependencyWait("db", Dependency.Condition.SERVICE_STARTED));
  }

  @Test
  void startsDependentOnceDependencyCompletedSuccessfully() {
    RestartPolicy no = new RestartPolicy(RestartPolicy.Condition.NONE, null, null, null);
    ServiceSpec migrate = service("migrate").withRestartPolicy(no);
    ServiceSpec api = service("api").withDependsOn(
        Map.of("migrate", new Dependency(Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY, true)));
    Stack desired = stack(migrate, api);

    assertThat(plan(desired, observed(container(desired, "migrate", 1)))).hasToString("");
    assertThat(plan(desired, observed(container(desired, "migrate", 1)
        .exited(0, NOW.minusSeconds(9), NOW.minusSeconds(1))))).hasToString("""
            create shop-api-1 (scale up)
            """);
  }

  @Test
  void removesEverythingWhenStackDeleted() {
    Stack old = stack(service("web").withReplicas(2));
    ObservedState withContainers = new ObservedState(
        List.of(container(old, "web", 1).build(),
            container(old, "web", 2).exited(0, NOW.minusSeconds(9), NOW.minusSeconds(1)).build()),
        List.of(managedNetwork("shop_default")), List.of(managedVolume("shop_data")), List.of(IMAGE));

    assertThat(planner.plan(STACK, null, true, withContainers, restarts, NOW)).hasToString("""
        remove shop-web-2 (stack removed)
        stop shop-web-1 (stack removed)
        remove shop-web-1 (stack removed)
        """);

    // Docker refuses to remove a network in use: networks (and volumes, if asked) go in the pass after.
    ObservedState leftovers = new ObservedState(List.of(), List.of(managedNetwork("shop_default")),
        List.of(managedVolume("shop_data")), List.of(IMAGE));
    assertThat(planner.plan(STACK, null, false, leftovers, restarts, NOW)).hasToString("""
        remove network shop_default (stack removed)
        """);
    assertThat(planner.plan(STACK, null, true, leftovers, restarts, NOW)).hasToString("""
        remove network shop_default (stack removed)
        remove volume shop_data (stack removed)
        """);
  }

  @Test
  void removesContainersOfServiceNoLongerInStack() {
    Stack old = stack(service("web"), service("worker"));

    Plan plan = plan(stack(service("web")), observed(container(old, "web", 1), container(old, "worker", 1)));

    assertThat(plan).hasToString("""
        stop shop-worker-1 (service removed)
        remove shop-worker-1 (service removed)
        """);
  }

  @Test
  void removesNetworkDroppedFromStackOnceNoContainerUsesIt() {
    ServiceSpec onFront = service("web").withNetworks(Map.of("front", ServiceNetwork.PLAIN));
    Stack desired = new Stack(STACK, Map.of("web", onFront), Map.of("front", NetworkSpec.bridge("front")), Map.of());
    Stack old = stack(service("web"));
    ObservedState oldContainer = new ObservedState(List.of(container(old, "web", 1).build()),
        List.of(managedNetwork("shop_default"), managedNetwork("shop_front")), List.of(), List.of(IMAGE));
    ObservedState newContainer = new ObservedState(List.of(container(desired, "web", 1).build()),
        List.of(managedNetwork("shop_default"), managedNetwork("shop_front")), List.of(), List.of(IMAGE));

    assertThat(plan(desired, oldContainer)).hasToString("""
        stop shop-web-1 (spec changed)
        remove shop-web-1 (spec changed)
        create shop-web-1 (spec changed)
        """);
    assertThat(plan(desired, newContainer)).hasToString("""
        remove network shop_default (network removed from stack)
        """);
  }

  @Test
  void pullsMissingImage() {
    Stack desired = stack(service("web"));
    ObservedState noImage = new ObservedState(List.of(), List.of(managedNetwork("shop_default")), List.of(),
        List.of("alpine:3"));

    assertThat(plan(desired, noImage)).hasToString("""
        pull busybox:1.36 for web (image missing)
        create shop-web-1 (scale up)
        """);
  }

  @Test
  void pullsOnlyWhenCreatingUnderPullPolicyAlways() {
    Stack desired = stack(service("web").withPullPolicy(PullPolicy.ALWAYS));

    assertThat(plan(desired, observed())).hasToString("""
        pull busybox:1.36 for web (pull_policy always)
        create shop-web-1 (scale up)
        """);
    assertThat(plan(desired, observed(container(desired, "web", 1)))).hasToString("");
  }

  @Test
  void reportsMissingImageUnderPullPolicyNever() {
    Stack desired = stack(service("web").withPullPolicy(PullPolicy.NEVER));
    ObservedState noImage = new ObservedState(List.of(), List.of(managedNetwork("shop_default")), List.of(),
        List.of());

    Plan plan = plan(desired, noImage);

    assertThat(plan).hasToString("");
    assertThat(plan.services().get("web").errors())
        .containsExactly("image busybox:1.36 is missing and pull_policy is never");
    assertThat(plan.services().get("web").standing()).as("waiting cannot bring the image")
        .isEqualTo(new io.orch.core.engine.StandingFailure(io.orch.core.engine.StandingFailure.Kind.IMAGE_UNAVAILABLE,
            "image busybox:1.36 is missing and pull_policy is never"));
  }

  @Test
  void neverPullsABuiltImageAndSaysHowToBuildIt() {
    Stack desired = stack(service("web").withBuild(BuildSpec.ofContext("/src/web")));
    ObservedState noImage = new ObservedState(List.of(), List.of(managedNetwork("shop_default")), List.of(),
        List.of());

    Plan plan = plan(desired, noImage);

    assertThat(plan).hasToString("");
    assertThat(plan.services().get("web").errors()).containsExactly("image busybox:1.36 is built from build:"
        + " /src/web and is missing; run orch build web or orch up");
  }

  @Test
  void rollsABuiltServiceWhenItsImageIdChanges() {
    ServiceSpec built = service("web").withBuild(BuildSpec.ofContext("/src/web"))
        .withLabels(Map.of(Labels.COMPOSE_IMAGE, "sha256:aaa"));
    Stack before = stack(built);
    Stack rebuilt = stack(built.withLabels(Map.of(Labels.COMPOSE_IMAGE, "sha256:bbb")));
    Stack sameId = stack(built.withBuild(BuildSpec.ofContext("/src/other")));

    assertThat(plan(rebuilt, observed(container(before, "web", 1))).toString()).contains("(spec changed)");
    assertThat(plan(sameId, observed(container(before, "web", 1)))).hasToString("");
  }

  @Test
  void matchesImageWithoutTagAsLatest() {
    Stack desired = new Stack(STACK, Map.of("web", ServiceSpec.of("web", "nginx")), Map.of(), Map.of());
    ObservedState present = new ObservedState(List.of(), List.of(managedNetwork("shop_default")), List.of(),
        List.of("docker.io/library/nginx:latest"));

    assertThat(plan(desired, present)).hasToString("""
        create shop-web-1 (scale up)
        """);
  }

  @Test
  void startsContainerThatWasCreatedButNeverStarted() {
    Stack desired = stack(service("web"));

    assertThat(plan(desired, observed(container(desired, "web", 1).state(State.CREATED)))).hasToString("""
        start shop-web-1 (created, not started)
        """);
  }

  @Test
  void removesDeadContainerAndIgnoresOneBeingRemoved() {
    Stack desired = stack(service("web").withReplicas(2));

    Plan plan = plan(desired, observed(container(desired, "web", 1).state(State.DEAD),
        container(desired, "web", 2).state(State.REMOVING)));

    assertThat(plan).hasToString("""
        remove shop-web-1 (dead)
        """);
  }

  @Test
  void removesExtraContainerClaimingTheSameSlot() {
    Stack desired = stack(service("web"));

    Plan plan = plan(desired, observed(container(desired, "web", 1),
        container(desired, "web", 1).named("shop-web-1-copy")));

    assertThat(plan).hasToString("""
        stop shop-web-1-copy (duplicate slot)
        remove shop-web-1-copy (duplicate slot)
        """);
  }

  @Test
  void neverTouchesForeignObjects() {
    Stack desired = stack(service("web"));
    ObservedContainer foreignClash = new ObservedContainer("x1", "shop-web-1", IMAGE, Map.of(), State.RUNNING,
        Health.NONE, null, false, NOW, null, null);
    ObservedContainer otherStack = container(desired, "web", 2).label(Labels.STACK, "other").build();

    Plan plan = plan(desired, Fixtures.observedOf(foreignClash, otherStack));

    assertThat(plan).hasToString("");
    assertThat(plan.services().get("web").errors())
        .containsExactly("container shop-web-1 exists and is not managed by orch in this stack; not touching it");
  }

  @Test
  void reportsForeignNetworkWithTheStackNetworkName() {
    Stack desired = stack(service("web"));
    ObservedState foreignNetwork = new ObservedState(List.of(),
        List.of(new io.orch.core.engine.ObservedNetwork("n1", "shop_default", "bridge", Map.of())), List.of(),
        List.of(IMAGE));

    Plan plan = plan(desired, foreignNetwork);

    assertThat(plan).hasToString("");
    assertThat(plan.problems())
        .containsExactly("network shop_default exists on the engine but orch did not create it for this stack (it lacks"
            + " the stack's labels); orch neither uses nor changes it: declare it external: true to use it, or choose"
            + " another name for the network");
  }

  @Test
  void deletedStackWithNothingLeftPlansNothing() {
    Plan plan = planner.plan(STACK, null, true, ObservedState.EMPTY, restarts, NOW);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.requeueAfter()).isEqualTo(Optional.empty());
  }
}
