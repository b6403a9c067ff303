package io.orch.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grouped {@link ServiceSpec}: the flat accessors and builder read the groups, and its JSON stays flat. */
class ServiceSpecGroupsTest {
  private static final ServiceSpec WEB = ServiceSpec.of("web", "busybox:1.36").toBuilder()
      .command(List.of("httpd")).user("1000").replicas(3).ports(List.of(new PortSpec(null, 8080, 80, "tcp")))
      .volumes(List.of(new MountSpec(MountSpec.Type.VOLUME, "data", "/data", false, null)))
      .stopGracePeriod(Duration.ofSeconds(5)).labels(Map.of("team", "shop")).build();

  @Test
  void eachKeyLandsInItsGroup() {
    assertThat(WEB.process().command()).containsExactly("httpd");
    assertThat(WEB.process().user()).isEqualTo("1000");
    assertThat(WEB.process().stopGracePeriod()).isEqualTo(Duration.ofSeconds(5));
    assertThat(WEB.networking().ports()).hasSize(1);
    assertThat(WEB.storage().volumes()).hasSize(1);
    assertThat(WEB.deploy().replicas()).isEqualTo(3);
    assertThat(WEB.withReplicas(1).deploy().replicas()).isEqualTo(1);
    assertThat(ServiceSpec.of("db", "busybox:1.36").storage()).isEqualTo(ServiceSpec.Storage.NONE);
  }

  @Test
  void theJsonIsFlatAsBeforeAndReadsBackEqual() throws Exception {
    // The agent store's settings (StateStore).
    ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    String text = json.writeValueAsString(WEB);

    assertThat(json.readTree(text).has("replicas")).isTrue();
    assertThat(json.readTree(text).has("command")).isTrue();
    assertThat(json.readTree(text).has("deploy")).isFalse();
    assertThat(json.readValue(text, ServiceSpec.class)).isEqualTo(WEB);
  }
}
