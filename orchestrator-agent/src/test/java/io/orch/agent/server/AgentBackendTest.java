package io.orch.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.orch.agent.desired.Refusal;
import io.orch.api.dto.DiagnosticDto;
import io.orch.api.server.ApiException;
import io.orch.core.load.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The adapter maps each refusal of the desired state to the HTTP status the API documents, details included. */
class AgentBackendTest {
  @Test
  void eachRefusalHasItsHttpStatus() {
    assertThat(AgentBackend.httpError(Refusal.of(Refusal.Kind.NOT_FOUND, "no stack named x")).status()).isEqualTo(404);
    assertThat(AgentBackend.httpError(Refusal.of(Refusal.Kind.CONFLICT, "autoscaled")).status()).isEqualTo(409);
    assertThat(AgentBackend.httpError(Refusal.of(Refusal.Kind.NO_STORAGE, "disk full")).status()).isEqualTo(507);
    ApiException tooMany = AgentBackend.httpError(Refusal.ofFields("over the limit", "replicas"));
    assertThat(tooMany.status()).isEqualTo(422);
    assertThat(tooMany.details()).containsExactly("replicas");
  }

  @Test
  void aRefusedFileKeepsWhereItWasRefused() {
    Diagnostic where = new Diagnostic(Diagnostic.Severity.ERROR, "request body", 3, 5, "services.web.image",
        "must be a string", "quote it");

    ApiException invalid = AgentBackend.httpError(
        Refusal.inFile(Refusal.Kind.INVALID_STACK, "the stack has 1 error(s)", List.of(where)));
    ApiException bad = AgentBackend.httpError(Refusal.inFile(Refusal.Kind.BAD_INPUT, "not YAML", List.of(where)));

    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.code()).isEqualTo(ApiException.invalidStack("x", List.of()).code());
    assertThat(invalid.details()).containsExactly(DiagnosticDto.from(where));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.details()).containsExactly(DiagnosticDto.from(where));
  }
}
