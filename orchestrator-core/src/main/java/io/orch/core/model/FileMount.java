package io.orch.core.model;

/**
 * One secret or config a service reads as a file, with its top-level definition already resolved: {@code source} is
 * the declared name, {@code target} the absolute path in the container ({@code /run/secrets/<name>} for a secret,
 * {@code /<name>} for a config unless set), {@code uid}/{@code gid}/{@code mode} null when not set (root, 0444).
 */
public record FileMount(Kind kind, String source, String target, String uid, String gid, Integer mode,
    FileSource from) {

  public enum Kind { SECRET, CONFIG }

  /** The mode files get when none is set, as Compose: world-readable, nobody writes. */
  public static final int DEFAULT_MODE = 0444;

  public FileMount {
    if (target == null || !target.startsWith("/")) {
      throw new IllegalArgumentException("target must be an absolute path, got " + target);
    }
  }

  public int modeOrDefault() {
    return mode == null ? DEFAULT_MODE : mode;
  }
}
