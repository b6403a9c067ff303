package io.orch.core.plan;

/** Every label key orch puts on engine objects, in one place. */
public final class Labels {
  private Labels() {}

  public static final String MANAGED = "io.orch.managed";
  public static final String STACK = "io.orch.stack";
  public static final String SERVICE = "io.orch.service";
  public static final String SLOT = "io.orch.slot";
  public static final String SPEC_HASH = "io.orch.spec-hash";
  /** The stack-local name of a network or volume (its key in the stack file). */
  public static final String NETWORK = "io.orch.network";
  public static final String VOLUME = "io.orch.volume";

  // So `docker compose -p <stack> ps` and tools that group by Compose labels show a stack as one project.
  public static final String COMPOSE_PROJECT = "com.docker.compose.project";
  public static final String COMPOSE_SERVICE = "com.docker.compose.service";
  public static final String COMPOSE_NUMBER = "com.docker.compose.container-number";
  public static final String COMPOSE_ONEOFF = "com.docker.compose.oneoff";
  public static final String COMPOSE_NETWORK = "com.docker.compose.network";
  public static final String COMPOSE_VOLUME = "com.docker.compose.volume";
  /**
   * The id of the image a service was built into, stamped into the service's labels at submission (as Compose v2
   * does), so a rebuild that yields a new image id changes the spec hash and rolls the service out.
   */
  public static final String COMPOSE_IMAGE = "com.docker.compose.image";
  /**
   * Compose writes its version on every container, network and volume; docker-compose v1.29 compares it with 1.21.0
   * on each container of the project and fails with AttributeError when it is missing. orch writes the Compose v2
   * release whose label set it follows. Not part of the spec hash: adding it rolls nothing.
   */
  public static final String COMPOSE_VERSION = "com.docker.compose.version";
  public static final String COMPOSE_VERSION_VALUE = "2.0.0";
  /**
   * Compose's hash of a service's configuration, which `docker-compose up` compares to decide whether to recreate
   * a container: orch writes its spec hash there (the same role, over orch's normalized spec).
   */
  public static final String COMPOSE_CONFIG_HASH = "com.docker.compose.config-hash";

  public static String containerName(String stack, String service, int slot) {
    return stack + "-" + service + "-" + slot;
  }

  public static String networkName(String stack, String network) {
    return stack + "_" + network;
  }

  public static String volumeName(String stack, String volume) {
    return stack + "_" + volume;
  }
}
