package io.orch.api.server;

import io.orch.api.dto.ContainerDto;
import io.orch.api.dto.DiagnosticDto;
import io.orch.api.dto.InfoDto;
import io.orch.api.dto.ManagedContainerDto;
import io.orch.api.dto.ServiceStatusDto;
import io.orch.api.dto.StackDto;
import io.orch.api.dto.StackSummaryDto;
import io.orch.api.dto.SubmitResultDto;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** In-memory backend: one stack {@code shop} with service {@code web}; records what the API passed in. */
final class FakeBackend implements OrchBackend {
  static final Instant SUBMITTED = Instant.parse("2025-01-02T03:04:05Z");

  final Map<String, Integer> replicas = new ConcurrentHashMap<>(Map.of("web", 2));
  final Map<String, Boolean> deleted = new ConcurrentHashMap<>();
  final Map<String, Integer> restarts = new ConcurrentHashMap<>();
  volatile boolean ready = true;
  /** When set, why the backend is not ready. */
  volatile String notReadyReason;
  volatile String lastContentType;
  volatile String lastBody;
  volatile Boolean lastDryRun;
  volatile RuntimeException infoFailure;
  /** When set, {@link #info()} counts down {@code infoEntered} and waits for {@code infoRelease}. */
  volatile CountDownLatch infoRelease;
  final CountDownLatch infoEntered = new CountDownLatch(1);

  @Override
  public SubmitResultDto submit(String stack, byte[] body, String contentType, boolean dryRun) {
    lastBody = new String(body, StandardCharsets.UTF_8);
    lastContentType = contentType;
    lastDryRun = dryRun;
    if (lastBody.contains("invalid")) {
      throw ApiException.invalidStack("stack.yml has 1 error", List.of(new DiagnosticDto("stack.yml", 3, 12,
          "services.web.deploy.replicas", "must be an integer", "write replicas: 2", "error")));
    }
    return new SubmitResultDto(stack, !dryRun, List.of("create " + stack + "-web-1"),
        List.of("services.web.secrets: not supported yet"));
  }

  @Override
  public List<StackSummaryDto> stacks() {
    return List.of(new StackSummaryDto("shop", 1, replicas.get("web"), 1, StackSummaryDto.Status.CONVERGING));
  }

  @Override
  public Optional<StackDto> stack(String name) {
    if (!name.equals("shop")) {
      return Optional.empty();
    }
    return Optional.of(new StackDto("shop", SUBMITTED, 7, List.of(web()), deleted.containsKey("shop")));
  }

  @Override
  public void delete(String name, boolean removeVolumes) {
    if (!name.equals("shop")) {
      throw ApiException.notFound("stack '" + name + "' not found");
    }
    deleted.put(name, removeVolumes);
  }

  @Override
  public List<ServiceStatusDto> services(String stack) {
    if (!stack.equals("shop")) {
      throw ApiException.notFound("stack '" + stack + "' not found");
    }
    return List.of(web());
  }

  @Override
  public Optional<ServiceStatusDto> service(String stack, String service) {
    return stack.equals("shop") && service.equals("web") ? Optional.of(web()) : Optional.empty();
  }

  @Override
  public ServiceStatusDto scale(String stack, String service, int n) {
    if (service(stack, service).isEmpty()) {
      throw ApiException.notFound("service '" + service + "' not found in stack '" + stack + "'");
    }
    replicas.put(service, n);
    return web();
  }

  @Override
  public List<ManagedContainerDto> containers(String stack, String service) {
    return web().containers().stream()
        .filter(c -> (stack == null || stack.equals("shop")) && (service == null || service.equals("web")))
        .map(c -> ManagedContainerDto.of("shop", "web", c)).toList();
  }

  @Override
  public ServiceStatusDto restart(String stack, String service) {
    if (service(stack, service).isEmpty()) {
      throw ApiException.notFound("service '" + service + "' not found in stack '" + stack + "'");
    }
    restarts.merge(service, 1, Integer::sum);
    return web();
  }

  @Override
  public ServiceStatusDto rollback(String stack, String service) {
    if (service(stack, service).isEmpty()) {
      throw ApiException.notFound("service '" + service + "' not found in stack '" + stack + "'");
    }
    throw ApiException.conflict("service '" + service + "' has no previous spec to roll back to");
  }

  @Override
  public InfoDto info() {
    if (infoFailure != null) {
      throw infoFailure;
    }
    CountDownLatch release = infoRelease;
    if (release != null) {
      infoEntered.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test never released info()");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new InfoDto("0.1.0", "20.10.24", "1.41", 42, 1, 2);
  }

  @Override
  public boolean ready() {
    return ready;
  }

  /** Every replica's log is empty. */
  @Override
  public AutoCloseable logs(String stack, String service, boolean follow, int tail, LogLineSink sink) {
    sink.end(null);
    return () -> { };
  }

  @Override
  public Optional<String> notReadyReason() {
    return ready ? Optional.empty() : Optional.of(notReadyReason == null ? "not ready" : notReadyReason);
  }

  ServiceStatusDto web() {
    List<ContainerDto> containers = new ArrayList<>();
    containers.add(new ContainerDto("shop-web-1", "abc123", 1, "running", "healthy", 0, null, false, SUBMITTED));
    containers.add(new ContainerDto("shop-web-2", "def456", 2, "exited", null, 3, 137, true, null));
    return new ServiceStatusDto("shop", "web", "busybox:local", replicas.get("web"), 1, 1, 3,
        ServiceStatusDto.State.CONVERGING, SUBMITTED.plusSeconds(4), "exited 137 (oom)",
        List.of("backing off"), containers);
  }
}
