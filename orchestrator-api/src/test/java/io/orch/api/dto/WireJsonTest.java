package io.orch.api.dto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.orch.core.load.Diagnostic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The field names scripts rely on; renaming a record component must break this test, not a user's jq filter. */
class WireJsonTest {
  private final ObjectMapper strict = WireJson.strictMapper();

  @Test
  void serviceStatusHasTheDocumentedFieldsIncludingNulls() {
    ServiceStatusDto status = new ServiceStatusDto("shop", "web", "nginx", 2, 1, 1, 0,
        ServiceStatusDto.State.WAITING, null, null, List.of(), List.of(
            new ContainerDto("shop-web-1", "abc", 1, "running", null, 0, null, false,
                Instant.parse("2025-01-01T00:00:00Z"))));

    JsonNode node = strict.valueToTree(status);

    assertThat(fields(node)).containsExactly("stack", "service", "image", "desired", "running", "healthy",
        "restarts", "state", "backoffUntil", "lastError", "notes", "containers", "rollout", "rolloutState",
        "autoscale", "waitingFor");
    assertThat(node.get("autoscale").isNull()).as("not autoscaled").isTrue();
    assertThat(node.get("state").asText()).isEqualTo("waiting");
    assertThat(node.get("backoffUntil").isNull()).isTrue();
    assertThat(fields(node.at("/containers/0"))).containsExactly("name", "id", "slot", "state", "health",
        "restarts", "exitCode", "oomKilled", "startedAt", "healthOutput", "ports", "restart");
    assertThat(node.at("/containers/0/ports").isArray()).isTrue();
    assertThat(node.at("/containers/0/startedAt").asText()).isEqualTo("2025-01-01T00:00:00Z");
  }

  @Test
  void aContainersPortsHaveTheDocumentedFields() {
    ContainerDto c = new ContainerDto("shop-web-1", "abc", 1, "running", null, 0, null, false, null, null,
        List.of(new PortDto("0.0.0.0", 32768, 8080, "tcp", false), new PortDto(null, 8080, 80, "tcp", true)));

    JsonNode node = strict.valueToTree(c);

    assertThat(fields(node.at("/ports/0"))).containsExactly("hostIp", "hostPort", "target", "protocol", "ingress");
    assertThat(node.at("/ports/0/hostPort").asInt()).isEqualTo(32768);
    assertThat(node.at("/ports/1/hostIp").isNull()).isTrue();
    assertThat(node.at("/ports/1/ingress").asBoolean()).isTrue();
  }

  @Test
  void diagnosticFromCoreKeepsEveryField() {
    Diagnostic d = new Diagnostic(Diagnostic.Severity.WARNING, "stack.yml", 4, 5, "services.web.secrets",
        "not supported yet", "remove it");

    assertThat(DiagnosticDto.from(d)).isEqualTo(new DiagnosticDto("stack.yml", 4, 5, "services.web.secrets",
        "not supported yet", "remove it", "warning"));
  }

  @Test
  void strictMapperRejectsWhatTheLenientOneTolerates() throws Exception {
    byte[] newer = "{\"replicas\": 2, \"surge\": 1}".getBytes();

    assertThatThrownBy(() -> strict.readValue(newer, ScaleRequestDto.class))
        .isInstanceOf(UnrecognizedPropertyException.class);
    assertThat(WireJson.lenientMapper().readValue(newer, ScaleRequestDto.class).replicas()).isEqualTo(2);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
