package io.orch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.api.dto.AutoscaleStatusDto;
import io.orch.api.dto.ServiceStatusDto;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoscaleColumnTest {
  private static ServiceStatusDto service(AutoscaleStatusDto a) {
    return new ServiceStatusDto("shop", "api", "busybox", 5, 5, 5, 0, ServiceStatusDto.State.RUNNING, null, null,
        List.of(), List.of(), null, null, a);
  }

  @Test
  void showsEachMetricAgainstItsTargetThenTheCountAndRange() {
    AutoscaleStatusDto a = new AutoscaleStatusDto(1, 8, false, 5, 5, List.of(
        new AutoscaleStatusDto.Metric("cpu", 1.43, 0.7, 2), new AutoscaleStatusDto.Metric("memory", null, 0.8, 0)),
        "cpu 143% of 70% target: 2 -> 5", Instant.EPOCH);
    assertThat(AutoscaleColumn.of(service(a))).isEqualTo("cpu 143%/70% memory ?/80% -> 5 [1-8]");
  }

  @Test
  void pinnedAndNotAutoscaled() {
    assertThat(AutoscaleColumn.of(service(new AutoscaleStatusDto(3, 3, true, 3, null, List.of(), null, null))))
        .isEqualTo("pinned 3");
    assertThat(AutoscaleColumn.of(service(null))).isEqualTo("-");
  }
}
