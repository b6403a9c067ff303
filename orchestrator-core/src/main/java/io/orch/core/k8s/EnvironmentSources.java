package io.orch.core.k8s;

import io.orch.core.lint.SecretLikeName;
import io.orch.core.model.ServiceSpec;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where each environment variable of a service goes in Kubernetes. The values its env_file(s) gave are read with
 * {@code envFrom}: a ConfigMap ({@link #fromFile}), or a Secret ({@link #fromFileSecret}) for the names that look
 * secret by the rule the rest of the export uses ({@link SecretLikeName#matches}). The rest ({@link #inline}) stays in
 * the container's {@code env}: the values environment: set, including those that override an env_file value, which
 * win there as in Compose because Kubernetes lets {@code env} win over {@code envFrom}.
 *
 * <p>An env_file value counts only while the loaded environment still holds it unchanged, so that the containers get
 * exactly the environment orch runs them with. A name that is not a valid ConfigMap/Secret key stays inline.
 */
record EnvironmentSources(Map<String, String> inline, Map<String, String> fromFile,
    Map<String, String> fromFileSecret) {
  private static final Pattern DATA_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  static EnvironmentSources of(ServiceSpec svc) {
    Map<String, String> inline = new TreeMap<>();
    Map<String, String> fromFile = new TreeMap<>();
    Map<String, String> fromFileSecret = new TreeMap<>();
    Map<String, String> file = svc.envFileEnvironment();
    svc.environment().forEach((k, v) -> {
      if (file.containsKey(k) && v != null && Objects.equals(file.get(k), v) && DATA_KEY.matcher(k).matches()) {
        (SecretLikeName.matches(k) ? fromFileSecret : fromFile).put(k, v);
      } else {
        inline.put(k, v);
      }
    });
    return new EnvironmentSources(inline, fromFile, fromFileSecret);
  }
}
