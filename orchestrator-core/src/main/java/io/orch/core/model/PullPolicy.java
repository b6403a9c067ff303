package io.orch.core.model;

/** Compose's pull_policy. {@code MISSING} (the default) pulls only when the image is not present locally. */
public enum PullPolicy {
  ALWAYS, NEVER, MISSING, BUILD;

  public String yaml() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
