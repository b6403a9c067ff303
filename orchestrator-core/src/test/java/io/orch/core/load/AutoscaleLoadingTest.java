package io.orch.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.core.model.Autoscale;
import io.orch.core.model.ReplicaLimit;
import io.orch.core.model.ServiceSpec;
import io.orch.core.plan.EngineSpecs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code x-orch.autoscale}: the block, its defaults, and every check against the rest of the service. */
class AutoscaleLoadingTest {
  private static final String RESERVED = "    deploy: {resources: {reservations: {cpus: \"0.5\", memory: 256m}}}\n";

  private static LoadResult load(String yaml) {
    return new StackLoader(Map.of()).loadText(yaml, "compose.yaml", null, "shop", Set.of());
  }

  private static ServiceSpec web(String yaml) {
    LoadResult r = load(yaml);
    assertThat(r.diagnostics()).as("diagnostics").isEmpty();
    return r.stack().service("web");
  }

  private static List<String> errors(String yaml) {
    return load(yaml).errors().stream()
        .map(d -> d.line() + ":" + d.column() + " " + d.path() + ": " + d.message() + " (" + d.hint() + ")").toList();
  }

  @Test
  void theFullBlockIsRead() {
    ServiceSpec web = web("""
        services:
          web:
            image: nginx
            deploy: {replicas: 2, resources: {reservations: {cpus: "0.5", memory: 256m}}}
            x-orch:
              autoscale:
                min: 1
                max: 8
                cpu: 70%
                memory: 80%
                scale_up: {stabilization: 0s, max_step: 4, period: 15s}
                scale_down: {stabilization: 5m, max_step: 1, period: 60s}
        """);

    assertThat(web.replicas()).isEqualTo(2);
    assertThat(web.orch().autoscale()).isEqualTo(new Autoscale(1, 8, 70, 80,
        new Autoscale.Behavior(Duration.ZERO, 4, Duration.ofSeconds(15)),
        new Autoscale.Behavior(Duration.ofMinutes(5), 1, Duration.ofSeconds(60))));
  }

  @Test
  void defaultsAreTheHpasAndTheCountStartsAtMin() {
    ServiceSpec web = web("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {min: 2, max: 5, memory: 90}}\n");

    Autoscale a = web.orch().autoscale();
    assertThat(a.cpuPercent()).isNull();
    assertThat(a.memoryPercent()).isEqualTo(90);
    assertThat(a.scaleUp()).isEqualTo(Autoscale.SCALE_UP_DEFAULT);
    assertThat(a.scaleUp()).isEqualTo(new Autoscale.Behavior(Duration.ZERO, 4, Duration.ofSeconds(15)));
    assertThat(a.scaleDown()).isEqualTo(new Autoscale.Behavior(Duration.ofMinutes(5), null, Duration.ofSeconds(15)));
    assertThat(web.replicas()).as("no deploy.replicas: start at min").isEqualTo(2);
  }

  @Test
  void minDefaultsToOneAndPartOfABehaviourKeepsTheRestsDefaults() {
    Autoscale a = web("services:\n  web:\n    image: nginx\n    cpus: 1\n"
        + "    x-orch: {autoscale: {max: 3, cpu: 50%, scale_down: {stabilization: 30s}}}\n").orch().autoscale();

    assertThat(a.min()).isEqualTo(1);
    assertThat(a.scaleDown()).isEqualTo(new Autoscale.Behavior(Duration.ofSeconds(30), null, Duration.ofSeconds(15)));
  }

  @Test
  void theLimitIsTheBasisWhenNothingIsReserved() {
    ServiceSpec web = web("services:\n  web:\n    image: nginx\n    mem_limit: 1g\n"
        + "    x-orch: {autoscale: {max: 3, memory: 80%}}\n");

    assertThat(Autoscale.memoryBasis(web.resources())).isEqualTo(1L << 30);
  }

  @Test
  void badNumbersAreErrorsWithTheirPosition() {
    assertThat(errors("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {min: 0, max: 8, cpu: 70%}}\n"))
        .containsExactly("5:31 services.web.x-orch.autoscale.min: autoscale min must be at least 1, found 0"
            + " (set min: 1 or more (a service scaled to zero cannot measure its load))");
    assertThat(errors("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {min: 4, max: 2, cpu: 70%}}\n"))
        .containsExactly("5:39 services.web.x-orch.autoscale.max: autoscale max 2 is below min 4 (set max: 4 or more)");
    assertThat(errors("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {max: 2, cpu: 0%, memory: 1001%}}\n"))
        .containsExactly("5:39 services.web.x-orch.autoscale.cpu: target 0% is outside 1% to 1000% (the average"
                + " utilisation to keep, as a percentage of the reservation (else limit), e.g. cpu: 70%)",
            "5:51 services.web.x-orch.autoscale.memory: target 1001% is outside 1% to 1000% (the average"
                + " utilisation to keep, as a percentage of the reservation (else limit), e.g. memory: 80%)");
    assertThat(errors("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {max: 2, cpu: 0.7}}\n"))
        .singleElement().asString().contains("\"0.7\" is not a percentage");
    assertThat(errors("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {max: 2, cpu: 70%, scale_up: {max_step: 0, period: 0s}}}\n"))
        .hasSize(2).anySatisfy(e -> assertThat(e).contains("max_step").contains("must be between 1"))
        .anySatisfy(e -> assertThat(e).contains("period must be at least 1s"));
  }

  @Test
  void aBlockWithoutMaxOrTargetSaysWhatIsMissing() {
    assertThat(errors("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {min: 1}}\n"))
        .containsExactly("5:25 services.web.x-orch.autoscale: autoscale of service web has no max (e.g. autoscale:"
                + " {min: 1, max: 8, cpu: 70%})",
            "5:25 services.web.x-orch.autoscale: autoscale of service web has no target (add cpu: 70%, memory: 80%"
                + " or both: the average utilisation to keep the replicas at)");
  }

  @Test
  void unknownKeysInTheBlockAreReported() {
    assertThat(load("services:\n  web:\n    image: nginx\n" + RESERVED
        + "    x-orch: {autoscale: {max: 2, cpu: 70%, minn: 1}}\n").diagnostics())
        .singleElement().satisfies(d -> {
          assertThat(d.path()).isEqualTo("services.web.x-orch.autoscale.minn");
          assertThat(d.hint()).isEqualTo("did you mean min?");
        });
  }

  @Test
  void aTargetWithNothingToMeasureAgainstIsAnErrorSayingHowToFixIt() {
    assertThat(errors("services:\n  web:\n    image: nginx\n    deploy: {resources: {reservations: {cpus: \"1\"}}}\n"
        + "    x-orch: {autoscale: {max: 3, cpu: 70%, memory: 80%}}\n"))
        .containsExactly("5:52 services.web.x-orch.autoscale.memory: service web autoscales on memory but declares no"
            + " memory to measure it against (add deploy.resources.reservations.memory (e.g. 256m), or a memory"
            + " limit)");
    assertThat(errors("services:\n  web:\n    image: nginx\n    x-orch: {autoscale: {max: 3, cpu: 70%}}\n"))
        .singleElement().asString().contains("autoscales on cpu but declares no CPUs")
        .contains("deploy.resources.reservations.cpus");
  }

  @Test
  void theStartingCountMustLieWithinMinAndMax() {
    assertThat(errors("services:\n  web:\n    image: nginx\n    scale: 9\n" + RESERVED
        + "    x-orch: {autoscale: {max: 8, cpu: 70%}}\n"))
        .containsExactly("4:12 services.web.scale: 9 replicas is outside the autoscale range 1 to 8 of service web"
            + " (the replicas are the starting count: set them within min and max, or leave them out to start at"
            + " min)");
    assertThat(errors("services:\n  web:\n    image: nginx\n    deploy: {replicas: 1, resources: {limits: {cpus:"
        + " \"1\"}}}\n    x-orch: {autoscale: {min: 2, max: 8, cpu: 70%}}\n"))
        .singleElement().asString().startsWith("4:24 services.web.deploy.replicas: 1 replicas is outside");
  }

  @Test
  void keysThatHoldOneReplicaOnlyAreErrorsWhenMaxIsMore() {
    assertThat(errors("services:\n  web:\n    image: nginx\n    container_name: the-web\n" + RESERVED
        + "    x-orch: {autoscale: {max: 3, cpu: 70%}}\n"))
        .containsExactly("4:21 services.web.container_name: container_name the-web names one container, but service"
            + " web autoscales up to 3 replicas (remove container_name, or set autoscale max: 1)");
    assertThat(errors("services:\n  web:\n    image: nginx\n    ports: [\"8000-8001:80\"]\n" + RESERVED
        + "    x-orch: {autoscale: {max: 3, cpu: 70%}}\n"))
        .singleElement().asString().contains("port range 8000-8001:80 has 2 host ports for up to 3 autoscaled");
    assertThat(errors("services:\n  web:\n    image: nginx\n    ports: [\"8000:80\"]\n" + RESERVED
        + "    x-orch: {ingress: false, autoscale: {max: 3, cpu: 70%}}\n"))
        .singleElement().asString().contains("host port 8000 can be bound by one replica only")
        .contains("x-orch.ingress is false");
    assertThat(errors("services:\n  web:\n    image: nginx\n    networks: {front: {ipv4_address: 172.28.5.10}}\n"
        + RESERVED + "    x-orch: {autoscale: {max: 3, cpu: 70%}}\nnetworks:\n  front: {}\n"))
        .singleElement().asString().contains("ipv4_address/ipv6_address cannot be used with autoscale up to 3");
    // One replica at most: the one-replica keys are fine.
    web("services:\n  web:\n    image: nginx\n    container_name: the-web\n" + RESERVED
        + "    x-orch: {autoscale: {max: 1, cpu: 70%}}\n");
  }

  @Test
  void aPublishedPortOfAnAutoscaledServiceGoesThroughTheIngressFromOneReplica() {
    ServiceSpec web = web("services:\n  web:\n    image: nginx\n    ports: [\"8000:80\"]\n" + RESERVED
        + "    x-orch: {autoscale: {max: 3, cpu: 70%}}\n");

    assertThat(web.replicas()).isEqualTo(1);
    assertThat(EngineSpecs.usesIngress(web)).as("no recreation when the count crosses 1 and 2").isTrue();
  }

  @Test
  void maxIsBoundByTheReplicaLimit() {
    LoadResult r = new StackLoader(Map.of(), new ReplicaLimit(5)).loadText("services:\n  web:\n    image: nginx\n"
        + RESERVED + "    x-orch: {autoscale: {max: 6, cpu: 70%}}\n", "compose.yaml", null, "shop", Set.of());

    assertThat(r.errors()).singleElement().satisfies(d -> {
      assertThat(d.path()).isEqualTo("services.web.x-orch.autoscale.max");
      assertThat(d.message()).isEqualTo("autoscale max 6 is over the limit of 5 replicas per service");
    });
  }
}
