package io.orch.agent.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.orch.core.autoscale.Sample;
import io.orch.core.engine.ContainerUsage;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UsageMeterTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final UsageMeter meter = new UsageMeter();

  @Test
  void cpuIsTheRateBetweenTwoReadingsOverTheBasisAndTheFirstReadingHasNone() {
    Sample first = meter.sample("a", new ContainerUsage(10_000_000_000L, 64 << 20, T0), true, 0.5, 256L << 20);
    assertThat(first.cpu()).as("a rate needs two readings").isNull();
    assertThat(first.memory()).isCloseTo(0.25, within(1e-9));

    // 1 s of CPU time in 2 s is 0.5 CPUs; of a 0.5 CPU reservation that is 100%.
    Sample second = meter.sample("a", new ContainerUsage(11_000_000_000L, 128 << 20, T0.plusSeconds(2)), true, 0.5,
        256L << 20);
    assertThat(second.cpu()).isCloseTo(1.0, within(1e-9));
    assertThat(second.memory()).isCloseTo(0.5, within(1e-9));
    assertThat(second.ready()).isTrue();
  }

  @Test
  void aCounterThatWentBackIsARestartedProcessAndAStaleReadingMeasuresNothing() {
    meter.sample("a", new ContainerUsage(5_000_000_000L, 1, T0), true, 1.0, null);
    assertThat(meter.sample("a", new ContainerUsage(1_000_000_000L, 1, T0.plusSeconds(2)), true, 1.0, null).cpu())
        .isNull();
    assertThat(meter.sample("a", new ContainerUsage(2_000_000_000L, 1, T0.plusSeconds(2)), true, 1.0, null).cpu())
        .as("same read time").isNull();
    assertThat(meter.sample("a", new ContainerUsage(2_000_000_000L, 1, T0.plusSeconds(2)), true, 1.0, null).memory())
        .as("no memory basis").isNull();
  }

  @Test
  void forgottenReplicasStartOverAndReadinessIsKept() {
    meter.sample("a", new ContainerUsage(0, 1, T0), false, 1.0, null);
    meter.retain(Set.of());
    Sample again = meter.sample("a", new ContainerUsage(1_000_000_000L, 1, T0.plusSeconds(1)), false, 1.0, null);
    assertThat(again.cpu()).isNull();
    assertThat(again.ready()).isFalse();
  }
}
