package io.orch.core.k8s.manifest;

import java.util.List;
import java.util.Map;

/** The part of a pod spec orch fills, with its nested types. */
public record PodSpec(
    List<Container> initContainers,
    List<Container> containers,
    List<Volume> volumes,
    String restartPolicy,
    Long terminationGracePeriodSeconds,
    String hostname,
    Boolean hostNetwork) {

  /** One container of the pod. */
  public record Container(
      String name,
      String image,
      String imagePullPolicy,
      List<String> command,
      List<String> args,
      String workingDir,
      List<EnvVar> env,
      List<EnvFromSource> envFrom,
      List<ContainerPort> ports,
      Resources resources,
      Probe livenessProbe,
      Probe readinessProbe,
      Probe startupProbe,
      SecurityContext securityContext,
      List<VolumeMount> volumeMounts) {

    /** A container with only a name, image and command: what init containers need. */
    public static Container simple(String name, String image, List<String> command) {
      return new Container(name, image, null, command, null, null, null, null, null, null, null, null, null, null,
          null);
    }
  }

  /** An environment variable: a literal value or a reference to a Secret key. */
  public record EnvVar(String name, String value, EnvVarSource valueFrom) {
    public static EnvVar literal(String name, String value) {
      return new EnvVar(name, value, null);
    }

    public static EnvVar fromSecret(String name, String secret, String key) {
      return new EnvVar(name, null, new EnvVarSource(new SecretKeySelector(secret, key)));
    }
  }

  public record EnvVarSource(SecretKeySelector secretKeyRef) {}

  /** Every key of a ConfigMap or a Secret as environment variables; {@code env} wins over it for the same name. */
  public record EnvFromSource(LocalObjectReference configMapRef, LocalObjectReference secretRef) {
    public static EnvFromSource configMap(String name) {
      return new EnvFromSource(new LocalObjectReference(name), null);
    }

    public static EnvFromSource secret(String name) {
      return new EnvFromSource(null, new LocalObjectReference(name));
    }
  }

  public record LocalObjectReference(String name) {}

  public record SecretKeySelector(String name, String key) {}

  public record ContainerPort(int containerPort, String protocol) {}

  /** Quantities as strings ("500m", "512Mi"). */
  public record Resources(Map<String, String> limits, Map<String, String> requests) {}

  /** An exec probe. */
  public record Probe(
      ExecAction exec, Integer initialDelaySeconds, Integer periodSeconds, Integer timeoutSeconds,
      Integer failureThreshold) {}

  public record ExecAction(List<String> command) {}

  public record SecurityContext(
      Long runAsUser, Long runAsGroup, Boolean readOnlyRootFilesystem, Boolean privileged,
      Capabilities capabilities) {}

  public record Capabilities(List<String> add, List<String> drop) {}

  /** {@code subPath} mounts one key of a Secret or ConfigMap as a single file at {@code mountPath}. */
  public record VolumeMount(String name, String mountPath, String subPath, Boolean readOnly) {
    public VolumeMount(String name, String mountPath, Boolean readOnly) {
      this(name, mountPath, null, readOnly);
    }
  }

  /** A pod volume: exactly one source is set. */
  public record Volume(
      String name, ClaimSource persistentVolumeClaim, EmptyDir emptyDir, HostPath hostPath, SecretSource secret,
      ConfigMapSource configMap) {
    public static Volume claim(String name, String claimName) {
      return new Volume(name, new ClaimSource(claimName), null, null, null, null);
    }

    public static Volume emptyDir(String name, String medium, String sizeLimit) {
      return new Volume(name, null, new EmptyDir(medium, sizeLimit), null, null, null);
    }

    public static Volume hostPath(String name, String path) {
      return new Volume(name, null, null, new HostPath(path), null, null);
    }

    /** One key of a Secret, with the file mode Compose gives it. */
    public static Volume secret(String name, String secretName, String key, int mode) {
      return new Volume(name, null, null, null, new SecretSource(secretName, List.of(new KeyToPath(key, key, mode))),
          null);
    }

    /** One key of a ConfigMap, with the file mode Compose gives it. */
    public static Volume configMap(String name, String configMapName, String key, int mode) {
      return new Volume(name, null, null, null, null,
          new ConfigMapSource(configMapName, List.of(new KeyToPath(key, key, mode))));
    }
  }

  public record SecretSource(String secretName, List<KeyToPath> items) {}

  public record ConfigMapSource(String name, List<KeyToPath> items) {}

  /** {@code mode} is the file's permission bits (JSON has no octal: 0444 is written 292). */
  public record KeyToPath(String key, String path, Integer mode) {}

  public record ClaimSource(String claimName) {}

  public record EmptyDir(String medium, String sizeLimit) {}

  public record HostPath(String path) {}
}
