package io.orch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphansTest {
  private static Stack load(String yaml) {
    LoadResult r = new StackLoader(Map.of()).loadText(yaml, "stack.yml", null, "shop", Set.of());
    assertThat(r.errors()).isEmpty();
    return r.stack();
  }

  private static final Stack RUNNING = load("""
      services:
        web: {image: nginx, networks: [front]}
        worker: {image: busybox, networks: [back], volumes: ["jobs:/jobs"]}
      networks: {front: {}, back: {}}
      volumes: {jobs: {}}
      """);

  @Test
  void aServiceLeftOutOfTheFileIsKeptWithItsNetworkAndVolume() {
    Stack submitted = load("services:\n  web: {image: nginx:1.27, networks: [front]}\nnetworks: {front: {}}\n");
    Orphans.Kept kept = Orphans.keep(submitted, RUNNING);
    assertThat(kept.services()).containsExactly("worker");
    assertThat(kept.stack().services().keySet()).containsExactly("web", "worker");
    assertThat(kept.stack().service("web").image()).isEqualTo("nginx:1.27");
    assertThat(kept.stack().service("worker")).isEqualTo(RUNNING.service("worker"));
    assertThat(kept.stack().networks().keySet()).containsExactly("back", "front");
    assertThat(kept.stack().volumes().keySet()).containsExactly("jobs");
  }

  @Test
  void nothingIsKeptWhenTheFileHasEveryServiceOrTheStackIsNew() {
    Stack submitted = load("""
        services:
          web: {image: nginx, networks: [front]}
          worker: {image: busybox:1.36, networks: [back]}
          extra: {image: redis}
        networks: {front: {}, back: {}}
        """);
    assertThat(Orphans.keep(submitted, RUNNING)).isEqualTo(new Orphans.Kept(submitted, java.util.List.of()));
    assertThat(Orphans.keep(submitted, null).services()).isEmpty();
  }

  /** As docker compose up without --profile: a service of an inactive profile is not an orphan. */
  @Test
  void aServiceOfAnInactiveProfileIsKeptUnnamedEvenWithRemoveOrphans() {
    // Started with --profile debug.
    Stack running = new StackLoader(Map.of()).loadText("""
        services:
          web: {image: nginx}
          debug: {image: busybox, profiles: [debug]}
          old: {image: redis}
        """, "stack.yml", null, "shop", Set.of("debug")).stack();
    Stack submitted = load("services:\n  web: {image: nginx}\n");
    Orphans.Kept kept = Orphans.keep(submitted, running, Set.of(), false);
    assertThat(kept.services()).containsExactly("old");
    assertThat(kept.stack().services().keySet()).containsExactly("debug", "old", "web");
    Orphans.Kept removing = Orphans.keep(submitted, running, Set.of(), true);
    assertThat(removing.services()).isEmpty();
    assertThat(removing.stack().services().keySet()).containsExactly("debug", "web");
    assertThat(removing.stack().service("debug")).isEqualTo(running.service("debug"));
    // Its profile active, yet left out of the file: an orphan like any other.
    assertThat(Orphans.keep(submitted, running, Set.of("debug"), true).stack().services().keySet())
        .containsExactly("web");
    assertThat(Orphans.keep(submitted, running, Set.of("*"), false).services()).containsExactly("debug", "old");
  }
}
