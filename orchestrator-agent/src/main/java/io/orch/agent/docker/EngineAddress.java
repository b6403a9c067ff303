package io.orch.agent.docker;

import java.util.Map;

/**
 * Where the engine is looked for, in words a user can act on: the address, and whether it came from
 * {@code DOCKER_HOST} or is the default socket. An unreachable engine's messages carry it, so that "no such file" or
 * "connection refused" says which socket or host, and what decides it.
 */
public final class EngineAddress {
  private EngineAddress() {}

  public static String describe(String host, Map<String, String> env) {
    String fromEnv = env.get("DOCKER_HOST");
    return host + (fromEnv != null && !fromEnv.isBlank() ? " (from DOCKER_HOST)"
        : " (the default socket; DOCKER_HOST is not set)");
  }
}
