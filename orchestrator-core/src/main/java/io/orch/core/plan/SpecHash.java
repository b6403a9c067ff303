package io.orch.core.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.orch.core.engine.ContainerSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code io.orch.spec-hash} of a container: SHA-256 (hex) of the canonical JSON of its {@link ContainerSpec}
 * without the slot-dependent parts (name, slot and container-number labels) and without the hash labels themselves
 * (and Compose's version label), so every replica of one service carries the same hash. Replicas, restart policy,
 * update config, depends_on and x-orch knobs are not in a ContainerSpec, so changing them never recreates containers.
 */
public final class SpecHash {
  // Sorted properties and map keys make the JSON, and so the hash, independent of declaration and insertion order.
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .build();

  private SpecHash() {}

  public static String of(ContainerSpec spec) {
    Map<String, String> labels = new TreeMap<>(spec.labels());
    labels.remove(Labels.SLOT);
    labels.remove(Labels.COMPOSE_NUMBER);
    labels.remove(Labels.SPEC_HASH);
    labels.remove(Labels.COMPOSE_CONFIG_HASH);
    labels.remove(Labels.COMPOSE_VERSION);
    ContainerSpec slotFree = new ContainerSpec(null, spec.image(), spec.command(), spec.entrypoint(),
        spec.environment(), labels, spec.user(), spec.workingDir(), spec.hostname(), spec.ports(),
        spec.exposedPorts(), spec.mounts(), spec.networkMode(), spec.networks(), spec.healthcheck(), spec.cpus(),
        spec.memoryBytes(), spec.pidsLimit(), spec.capAdd(), spec.capDrop(), spec.readOnly(), spec.init(),
        spec.privileged(), spec.stopSignal(), spec.stopGracePeriod(),
        spec.files().stream().map(ContainerSpec.ContainerFile::withoutContent).toList(), spec.ipcMode(),
        spec.pidMode(), spec.volumesFrom(), spec.host());
    return sha256(canonicalJson(slotFree));
  }

  static String canonicalJson(ContainerSpec spec) {
    try {
      return CANONICAL.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ContainerSpec is not serializable to JSON", e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
