package io.orch.api.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** orch's own version, from the properties file Maven filters at build time. */
public final class Version {
  private Version() {}

  public static String get() {
    try (InputStream in = Version.class.getResourceAsStream("/orch-version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
