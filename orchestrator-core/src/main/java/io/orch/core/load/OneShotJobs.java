package io.orch.core.load;

import io.orch.core.model.Dependency;
import io.orch.core.model.RestartPolicy;
import io.orch.core.model.ServiceSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A service that others wait on with {@code condition: service_completed_successfully} (migrations, an init job such
 * as Airflow's {@code airflow-init}) is a one-shot job: without a restart policy of its own it is restarted only on
 * failure, never after it completed, since orch's default ({@code any}) would start it again after every successful
 * exit. A policy the file declares (restart: or deploy.restart_policy) is kept as written.
 */
final class OneShotJobs {
  /** The policy of an awaited job that declares none: retried while it fails, done once it exits 0. */
  static final RestartPolicy AWAITED_JOB = new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, Duration.ZERO, null,
      null);

  private OneShotJobs() {}

  static Map<String, ServiceSpec> apply(Map<String, ServiceSpec> services, Set<String> declaredRestart) {
    Map<String, ServiceSpec> out = new LinkedHashMap<>(services);
    services.values().forEach(s -> s.dependsOn().forEach((target, d) -> {
      ServiceSpec job = out.get(target);
      if (d.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY && job != null
          && !declaredRestart.contains(target)) {
        out.put(target, job.withRestartPolicy(AWAITED_JOB));
      }
    }));
    return out;
  }
}
