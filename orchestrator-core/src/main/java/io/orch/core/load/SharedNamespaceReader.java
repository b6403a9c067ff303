package io.orch.core.load;

import io.orch.core.model.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the keys that make a service share something with another service or container: {@code network_mode},
 * {@code ipc}, {@code pid} ({@code service:X}, {@code container:NAME}) and {@code volumes_from}. Each {@code service:X}
 * is remembered as an implicit dependency: X must run first, as Compose orders it.
 */
final class SharedNamespaceReader {
  private final ReadContext ctx;
  private final String serviceName;
  private final Map<String, YamlNode> dependencies = new LinkedHashMap<>();

  SharedNamespaceReader(ReadContext ctx, String serviceName) {
    this.ctx = ctx;
    this.serviceName = serviceName;
  }

  /** The services this one shares with, each with the node that names it. */
  Map<String, YamlNode> dependencies() {
    return dependencies;
  }

  String networkMode(YamlNode node, String mode) {
    if (mode.startsWith("service:") || mode.startsWith("container:")) {
      return shared(node, "network_mode", mode);
    }
    if (!List.of("bridge", "host", "none").contains(mode)) {
      ctx.diagnostics.error(node, "unknown network_mode \"" + mode + "\"",
          "one of: bridge, host, none, service:NAME, container:NAME");
      return null;
    }
    return mode;
  }

  /** {@code ipc} or {@code pid}: one of {@code plain}, or {@code service:X} / {@code container:NAME}. */
  String mode(YamlNode node, String key, List<String> plain) {
    if (node == null) {
      return null;
    }
    String mode = ctx.string(node, key + ": host");
    if (mode == null) {
      return null;
    }
    if (mode.startsWith("service:") || mode.startsWith("container:")) {
      return shared(node, key, mode);
    }
    if (!plain.contains(mode)) {
      ctx.diagnostics.error(node, "unknown " + key + " mode \"" + mode + "\"",
          "one of: " + String.join(", ", plain) + ", service:NAME, container:NAME");
      return null;
    }
    return mode;
  }

  /** Each entry normalized to {@code service:X[:ro|:rw]} or {@code container:NAME[:ro|:rw]}. */
  List<String> volumesFrom(YamlNode node) {
    List<String> out = new ArrayList<>();
    List<String> entries = ctx.stringList(node, false, "volumes_from: [\"data:ro\"]");
    if (entries == null) {
      return out;
    }
    List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of();
    for (int i = 0; i < entries.size(); i++) {
      YamlNode at = i < items.size() ? items.get(i) : node;
      String entry = entries.get(i);
      String kind = "service";
      String rest = entry;
      if (entry.startsWith("service:") || entry.startsWith("container:")) {
        kind = entry.substring(0, entry.indexOf(':'));
        rest = entry.substring(kind.length() + 1);
      }
      String access = null;
      int colon = rest.lastIndexOf(':');
      if (colon >= 0) {
        access = rest.substring(colon + 1);
        rest = rest.substring(0, colon);
        if (!access.equals("ro") && !access.equals("rw")) {
          ctx.diagnostics.error(at, "volumes_from \"" + entry + "\" ends in \":" + access + "\"",
              "end with :ro or :rw, or with nothing (read-write)");
          continue;
        }
      }
      if (rest.isEmpty()) {
        ctx.diagnostics.error(at, "volumes_from \"" + entry + "\" names no service or container",
            "e.g. volumes_from: [data] or [container:backup:ro]");
        continue;
      }
      if (kind.equals("service")) {
        dependencies.putIfAbsent(rest, at);
      }
      out.add(kind + ":" + rest + (access == null ? "" : ":" + access));
    }
    return out;
  }

  private String shared(YamlNode node, String key, String mode) {
    String target = mode.substring(mode.indexOf(':') + 1);
    if (target.isEmpty()) {
      ctx.diagnostics.error(node, key + " " + mode + " names nothing", key + ": service:db or container:NAME");
      return null;
    }
    if (mode.startsWith("service:")) {
      if (target.equals(serviceName)) {
        ctx.diagnostics.error(node, "service " + serviceName + " cannot share its own " + key,
            "name another service: " + key + ": service:OTHER");
        return null;
      }
      dependencies.putIfAbsent(target, node);
    }
    return mode;
  }

  /**
   * The engine lets a container join another's IPC namespace only when that one is {@code shareable}; Compose users
   * write {@code ipc: service:X} without saying so on X. X gets {@code shareable} unless it sets its own ipc.
   */
  static Map<String, ServiceSpec> shareIpcDonors(Map<String, ServiceSpec> services) {
    Map<String, ServiceSpec> out = new LinkedHashMap<>(services);
    for (ServiceSpec s : services.values()) {
      if (s.ipc() != null && s.ipc().startsWith("service:")) {
        ServiceSpec donor = out.get(s.ipc().substring("service:".length()));
        if (donor != null && donor.ipc() == null) {
          out.put(donor.name(), donor.toBuilder().ipc("shareable").build());
        }
      }
    }
    return out;
  }
}
