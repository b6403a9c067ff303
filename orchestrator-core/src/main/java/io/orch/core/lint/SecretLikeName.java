package io.orch.core.lint;

import java.util.regex.Pattern;

/**
 * Whether an environment variable's name says its value is a credential. Shared by lint (literal secrets) and the
 * Kubernetes export (values moved to a Secret) so that both agree on what counts as a secret.
 */
public final class SecretLikeName {
  private static final Pattern SECRET = Pattern.compile("PASSWORD|PASSWD|SECRET|TOKEN|KEY", Pattern.CASE_INSENSITIVE);

  private SecretLikeName() {}

  public static boolean matches(String envName) {
    return envName != null && SECRET.matcher(envName).find();
  }

  /**
   * Names ending in {@code _FILE} hold a path to a mounted secret (the official images' convention), not the secret,
   * so a literal value there is the recommended fix rather than the problem.
   */
  public static boolean holdsSecretValue(String envName) {
    return matches(envName) && !envName.toUpperCase(java.util.Locale.ROOT).endsWith("_FILE");
  }
}
