package io.orch.core.plan;

import static io.orch.core.plan.Fixtures.NOW;
import static io.orch.core.plan.Fixtures.STACK;
import static io.orch.core.plan.Fixtures.container;
import static io.orch.core.plan.Fixtures.observed;
import static io.orch.core.plan.Fixtures.service;
import static io.orch.core.plan.Fixtures.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.engine.ContainerSpec;
import io.orch.core.engine.ObservedState;
import io.orch.core.model.Dependency;
import io.orch.core.model.FileMount;
import io.orch.core.model.FileSource;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.restart.RestartHistories;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** network_mode/ipc/pid/volumes_from service:X, container_name and secrets as the planner sees them. */
class SharedNamespacesPlanTest {
  private final Planner planner = new Planner();

  private static final ServiceSpec DB = service("db");
  // The loader adds the dependency; the planner relies on it to start db first.
  private static final ServiceSpec WEB = service("web").toBuilder().networkMode("service:db").ipc("service:db")
      .volumesFrom(List.of("service:db:ro", "container:backup")).networks(Map.of())
      .dependsOn(Map.of("db", Dependency.STARTED)).build();

  private Plan plan(Stack desired, ObservedState observed) {
    return planner.plan(STACK, desired, false, observed, RestartHistories.EMPTY, NOW);
  }

  private static ContainerSpec created(Plan plan, String service) {
    return plan.actions().stream().filter(a -> a instanceof Action.CreateContainer c && c.service().equals(service))
        .map(a -> ((Action.CreateContainer) a).spec()).findFirst().orElseThrow();
  }

  @Test
  void theDependentWaitsUntilTheSharedServiceHasAContainer() {
    Plan plan = plan(stack(DB, WEB), observed());

    assertThat(plan.actions()).noneMatch(a -> a instanceof Action.CreateContainer c && c.service().equals("web"));
    assertThat(created(plan, "db").name()).isEqualTo("shop-db-1");
  }

  @Test
  void joinsTheFirstContainerOfTheSharedServiceById() {
    Stack desired = stack(DB, WEB);

    ContainerSpec web = created(plan(desired, observed(container(desired, "db", 1))), "web");

    assertThat(web.networkMode()).isEqualTo("container:id-shop-db-1");
    assertThat(web.ipcMode()).isEqualTo("container:id-shop-db-1");
    assertThat(web.volumesFrom()).containsExactly("container:id-shop-db-1:ro", "container:backup");
  }

  @Test
  void recreatesTheDependentWhenTheSharedContainerWasReplaced() {
    Stack desired = stack(DB, WEB);
    ObservedState before = observed(container(desired, "db", 1));
    Stack resolved = SharedNamespaces.resolve(desired, ObservedStack.of(STACK, before));
    // web joined the db container that was there; db's slot 1 now is a new container with another id.
    ObservedState after = observed(container(desired, "db", 1).named("shop-db-1-new"), container(resolved, "web", 1));

    assertThat(plan(desired, observed(container(desired, "db", 1), container(resolved, "web", 1))).actions())
        .as("nothing to do while web shares the db container that runs").isEmpty();
    assertThat(plan(desired, after).actions()).extracting(Object::toString)
        .contains("stop shop-web-1 (spec changed)", "create shop-web-1 (spec changed)");
  }

  @Test
  void containerNameReplacesTheSlotName() {
    Stack desired = stack(service("db").toBuilder().containerName("the-db").build());

    assertThat(created(plan(desired, observed()), "db").name()).isEqualTo("the-db");
    assertThat(plan(desired, observed(container(desired, "db", 1).named("the-db"))).actions()).isEmpty();
  }

  @Test
  void aSecretsNewContentChangesTheHashWithoutTheContentInIt() {
    FileMount v1 = new FileMount(FileMount.Kind.SECRET, "token", "/run/secrets/token", null, null, null,
        FileSource.ofContent("one"));
    FileMount v2 = new FileMount(FileMount.Kind.SECRET, "token", "/run/secrets/token", null, null, null,
        FileSource.ofContent("two"));
    Stack first = stack(service("web").toBuilder().secrets(List.of(v1)).build());
    Stack second = stack(service("web").toBuilder().secrets(List.of(v2)).build());

    assertThat(EngineSpecs.hashOf(first, first.service("web"))).isNotEqualTo(EngineSpecs.hashOf(second,
        second.service("web")));
    ContainerSpec spec = EngineSpecs.forSlot(first, first.service("web"), 1);
    assertThat(spec.files()).singleElement().satisfies(f -> {
      assertThat(f.content()).isEqualTo("one");
      assertThat(f.mode()).isEqualTo(0444);
    });
    ContainerSpec sameDigestOtherContent = spec.withFiles(List.of(new ContainerSpec.ContainerFile(
        "/run/secrets/token", null, null, 0444, null, "not the content", spec.files().get(0).digest())));
    assertThat(SpecHash.of(sameDigestOtherContent)).as("the hash sees the digest, never the content")
        .isEqualTo(SpecHash.of(spec));
  }

  @Test
  void aSpecWithoutTheNewKeysHashesAsBefore() {
    ContainerSpec spec = EngineSpecs.forSlot(stack(service("web")), service("web"), 1);

    assertThat(SpecHash.canonicalJson(spec)).doesNotContain("files").doesNotContain("ipcMode")
        .doesNotContain("volumesFrom");
  }
}
