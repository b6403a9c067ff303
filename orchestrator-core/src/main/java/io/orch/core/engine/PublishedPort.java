package io.orch.core.engine;

/**
 * One port of a container as the engine reports it: {@code containerPort/protocol} published on
 * {@code hostIp:hostPort}, or only exposed ({@code hostIp} and {@code hostPort} null). The host port is the one the
 * engine actually bound, which for an ephemeral mapping ({@code "8080"} in a file) is the one it picked.
 */
public record PublishedPort(String hostIp, Integer hostPort, int containerPort, String protocol) {
  public boolean published() {
    return hostPort != null;
  }
}
