package io.orch.core.model;

/**
 * A volume mount. For {@code VOLUME} the source is the stack-local volume name (null for an anonymous volume); for
 * {@code BIND} an absolute host path; for {@code TMPFS} the source is null and {@code tmpfsSizeBytes} may be set.
 */
public record MountSpec(Type type, String source, String target, boolean readOnly, Long tmpfsSizeBytes) {
  public enum Type { VOLUME, BIND, TMPFS }
}
