package io.orch.core.plan;

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
  private SpecHash() {}

  public static String of(ContainerSpec spec) {
    Map<String, String> labels = new TreeMap<>(spec.labels());
    labels.remove(Labels.SLOT);
    labels.remove(Labels.COMPOSE_NUMBER);
    labels.remove(Labels.SPEC_HASH);
    labels.remove(Labels.COMPOSE_CONFIG_HASH);
    labels.remove(Labels.COMPOSE_VERSION);
    ContainerSpec slotFree = new ContainerSpec(null, spec.image(), labels, spec.process(), spec.networking(),
        spec.storage(), spec.limits(), spec.healthcheck(), spec.host())
        .withFiles(spec.files().stream().map(ContainerSpec.ContainerFile::withoutContent).toList());
    return sha256(canonicalJson(slotFree));
  }

  /** The text the hash is taken over: flat, sorted, fields added after the freeze only when set (CanonicalSpec). */
  static String canonicalJson(ContainerSpec spec) {
    return CanonicalSpec.json(spec);
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
