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
}
