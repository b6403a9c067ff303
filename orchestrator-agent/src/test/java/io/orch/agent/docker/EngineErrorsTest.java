package io.orch.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.orch.core.engine.EngineException;
import io.orch.core.engine.StandingFailure;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class EngineErrorsTest {
  private static DockerException answered(int status, String message) {
    return new DockerException("Status " + status + ": {\"message\":\"" + message + "\"}\n", status);
  }

  @Test
  void notFoundAndConflictKeepTheirMeaning() {
    assertThat(EngineErrors.translate("container.start", new NotFoundException("Status 404: {\"message\":\"x\"}")))
        .isInstanceOf(EngineException.NotFound.class);
    assertThat(EngineErrors.translate("container.create", new ConflictException("Status 409: {\"message\":\"x\"}")))
        .isInstanceOf(EngineException.Conflict.class);
  }

  @Test
  void otherClientErrorsAreRejectedWithTheEngineMessageOnly() {
    String body = "{\"message\":\"invalid mount config for type \\\"bind\\\": bind source path does not exist: /x\"}";
    EngineException e = EngineErrors.translate("container.create", new BadRequestException("Status 400: " + body));

    assertThat(e).isInstanceOf(EngineException.Rejected.class);
    assertThat(e.getMessage())
        .isEqualTo("container.create: invalid mount config for type \"bind\": bind source path does not exist: /x");
    assertThat(EngineErrors.translate("x", answered(403, "forbidden"))).isInstanceOf(EngineException.Rejected.class);
  }

  @Test
  void serverErrorsAndTransportFailuresAreUnavailable() {
    assertThat(EngineErrors.translate("container.start", new InternalServerErrorException(
        "Status 500: {\"message\":\"port is already allocated\"}"))).isInstanceOf(EngineException.Unavailable.class);
    assertThat(EngineErrors.translate("x", answered(503, "busy"))).isInstanceOf(EngineException.Unavailable.class);
    assertThat(EngineErrors.translate("ping", new RuntimeException(new ConnectException("Connection refused"))))
        .isInstanceOf(EngineException.Unavailable.class)
        .hasMessageContaining("Connection refused");
    RuntimeException timeout = new RuntimeException(new SocketTimeoutException("Read timed out"));
    assertThat(EngineErrors.translate("container.list", timeout))
        .isInstanceOf(EngineException.Unavailable.class);
  }

  @Test
  void aHostPortTakenIsAStandingFailureStillRetried() {
    // Engine 20.10's answers, word for word: another program holds the port; another container does.
    EngineException program = EngineErrors.translate("container.start", new InternalServerErrorException(
        "Status 500: {\"message\":\"driver failed programming external connectivity on endpoint rf-port (fd4e19):"
        + " Error starting userland proxy: listen tcp4 127.0.0.1:7311: bind: address already in use\"}"));
    EngineException container = EngineErrors.translate("container.start", new InternalServerErrorException(
        "Status 500: {\"message\":\"driver failed programming external connectivity on endpoint b (0a1b):"
        + " Bind for 127.0.0.1:7311 failed: port is already allocated\"}"));

    assertThat(program).isInstanceOf(EngineException.Unavailable.class)
        .satisfies(e -> assertThat(e.standing()).contains(StandingFailure.Kind.HOST_PORT_TAKEN));
    assertThat(container).isInstanceOf(EngineException.Unavailable.class)
        .satisfies(e -> assertThat(e.standing()).contains(StandingFailure.Kind.HOST_PORT_TAKEN));
    assertThat(EngineErrors.translate("container.start", new InternalServerErrorException(
        "Status 500: {\"message\":\"containerd: context deadline exceeded\"}")).standing()).isEmpty();
  }

  @Test
  void anyEngineAnswerToAPullIsRejected() {
    assertThat(EngineErrors.translate(DockerEngine.OP_IMAGE_PULL, new InternalServerErrorException(
        "Status 500: {\"message\":\"Get \\\"https://registry.example/v2/\\\": dial tcp: no such host\"}")))
        .isInstanceOf(EngineException.Rejected.class)
        .hasMessageContaining("no such host")
        .satisfies(e -> assertThat(e.standing()).contains(StandingFailure.Kind.IMAGE_UNAVAILABLE));
    assertThat(EngineErrors.translate(DockerEngine.OP_IMAGE_PULL, new NotFoundException("Status 404: {}")))
        .isInstanceOf(EngineException.Rejected.class);
  }

  @Test
  void clientSideRefusalsAreRejected() {
    assertThat(EngineErrors.translate("x", new DockerClientException("Could not build image")))
        .isInstanceOf(EngineException.Rejected.class);
    assertThat(EngineErrors.translate("container.create", new IllegalArgumentException("unknown capability: FLY")))
        .isInstanceOf(EngineException.Rejected.class);
  }

  @Test
  void alreadyTranslatedErrorsPassThrough() {
    EngineException original = new EngineException.Unavailable("pull timed out", null);

    assertThat(EngineErrors.translate(DockerEngine.OP_IMAGE_PULL, original)).isSameAs(original);
  }
}
