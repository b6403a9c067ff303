package io.orch.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A volume mount. For {@code VOLUME} the source is the stack-local volume name (null for an anonymous volume); for
 * {@code BIND} an absolute host path; for {@code TMPFS} the source is null and {@code tmpfsSizeBytes} and
 * {@code tmpfsMode} may be set.
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, Long tmpfsSizeBytes,
    // The tmpfs file mode (e.g. 01777); absent from the canonical JSON when null, so older mounts keep their hash.
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer tmpfsMode) {
  public enum Type { VOLUME, BIND, TMPFS }

  public MountSpec(Type type, String source, String target, boolean readOnly, Long tmpfsSizeBytes) {
    this(type, source, target, readOnly, tmpfsSizeBytes, null);
  }
}
