package io.orch.agent.testing;

import io.orch.agent.docker.EngineContractTest;
import io.orch.core.engine.Engine;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;

/**
 * The engine contract against {@link FakeEngine}, in every {@code mvn verify} without Docker: the same class
 * {@code DockerEngineIT} runs against the real engine. The fake runs on the system clock here, so health checks
 * settle after their interval as on the real engine.
 */
class FakeEngineContractTest extends EngineContractTest {
  private static final String IMAGE = "orch-test/busybox:latest";

  private FakeEngine engine;
  private FakeEngine downed;

  @BeforeEach
  void newEngine() {
    engine = new FakeEngine(Clock.systemUTC()).addImage(IMAGE);
    downed = new FakeEngine(Clock.systemUTC()).addImage(IMAGE);
    downed.down();
  }

  @Override
  protected Engine engine() {
    return engine;
  }

  @Override
  protected String image() {
    return IMAGE;
  }

  @Override
  protected Engine unreachableEngine() {
    return downed;
  }
}
