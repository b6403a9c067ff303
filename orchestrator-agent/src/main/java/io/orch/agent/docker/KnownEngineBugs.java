package io.orch.agent.docker;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Engine releases with a bug a user of orch is likely to meet, and what to do about it: said once, at the agent's
 * start, so that a hang later has a name in the log.
 */
public final class KnownEngineBugs {
  private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

  private KnownEngineBugs() {}

  /**
   * A warning for {@code engineVersion} (as the engine reports it, e.g. {@code 20.10.24+dfsg1}), or empty.
   *
   * <p>Engines before 20.10.27 can deadlock in libnetwork when containers on one network exit close together
   * (moby/moby#46661, fixed by moby/libnetwork#2679 in 20.10.27): every call touching those containers then hangs.
   * Seen here with Debian's 20.10.24 while 200 replicas were removed at once; removing many replicas at once is what
   * `orch down` and a large scale-down do (Compose too).
   */
  public static Optional<String> warningFor(String engineVersion) {
    if (engineVersion == null) {
      return Optional.empty();
    }
    Matcher m = VERSION.matcher(engineVersion.strip());
    if (!m.find()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    int patch = Integer.parseInt(m.group(3));
    boolean affected = major < 20 || (major == 20 && minor < 10) || (major == 20 && minor == 10 && patch < 27);
    if (!affected) {
      return Optional.empty();
    }
    return Optional.of("Docker Engine " + engineVersion.strip() + " can deadlock when many containers on one network"
        + " stop at once (moby/moby#46661, fixed in 20.10.27): if `docker ps` or `docker inspect` then hang and this"
        + " agent logs \"no answer from the Docker Engine\", restart dockerd; upgrading the engine avoids it");
  }
}
