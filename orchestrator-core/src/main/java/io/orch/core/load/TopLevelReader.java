package io.orch.core.load;

import io.orch.core.model.NetworkSpec;
import io.orch.core.model.VolumeSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** Reads the top-level {@code networks} and {@code volumes} declarations. */
final class TopLevelReader {
  private final ReadContext ctx;
  private final NameChecks names;

  TopLevelReader(ReadContext ctx) {
    this.ctx = ctx;
    this.names = new NameChecks(ctx.diagnostics);
  }

  Map<String, NetworkSpec> networks(YamlNode node) {
    return eachDeclared(node, "network", "networks: {front: {driver: bridge}}", "front: {driver: bridge}",
        (name, f) -> {
      String driver = f.string("driver", "bridge");
      boolean internal = f.bool("internal", false);
      External external = external(f);
      String explicitName = engineName(f, "my-net");
      Map<String, String> labels = f.stringMap("labels", false, "labels: {team: web}");
      Map<String, String> driverOpts = f.stringMap("driver_opts", false, "driver_opts: {mtu: \"1400\"}");
      f.unsupported("attachable", "orch networks are attachable by the engine's rules for the driver");
      f.unsupported("ipam", "orch lets the engine assign subnets");
      f.unsupported("enable_ipv6", "IPv6 networks are not supported yet");
      f.unsupported("enable_ipv4", "IPv4 is always enabled");
      f.finish();
      String externalName = externalName(f, name, external, explicitName);
      return new NetworkSpec(name, driver, internal, external.external, externalName, labels, driverOpts);
    });
  }

  Map<String, VolumeSpec> volumes(YamlNode node) {
    return eachDeclared(node, "volume", "volumes: {data: {}}", "data: {driver: local}", (name, f) -> {
      String driver = f.string("driver", "local");
      External external = external(f);
      String explicitName = engineName(f, "my-volume");
      Map<String, String> labels = f.stringMap("labels", false, "labels: {team: web}");
      Map<String, String> driverOpts = f.stringMap("driver_opts", false, "driver_opts: {type: tmpfs}");
      f.finish();
      String externalName = externalName(f, name, external, explicitName);
      return new VolumeSpec(name, driver, external.external, externalName, labels, driverOpts);
    });
  }

  /** Reads each declared object of a top-level mapping (x-* keys skipped, broken entries already reported). */
  private <T> Map<String, T> eachDeclared(YamlNode node, String kind, String example, String itemExample,
      BiFunction<String, Fields, T> read) {
    Map<String, T> out = new LinkedHashMap<>();
    Fields all = ctx.fields(node, example);
    if (all == null) {
      return out;
    }
    all.node().entries().forEach((name, e) -> {
      if (name.startsWith("x-")) {
        return;
      }
      all.take(name);
      names.key(kind, name, e.keyMark(), e.value().path());
      Fields f = ctx.fields(e.value(), itemExample);
      if (f != null) {
        out.put(name, read.apply(name, f));
      }
    });
    return out;
  }

  /** {@code external: true} or the legacy {@code external: {name: x}}. */
  private record External(boolean external, String legacyName) {}

  private External external(Fields f) {
    YamlNode node = f.value("external");
    if (node == null) {
      return new External(false, null);
    }
    if (node instanceof YamlNode.Mapping) {
      Fields ef = ctx.fields(node, "external: true");
      String name = engineName(ef, "my-net");
      ef.finish();
      ctx.diagnostics.warning(node, "external: {name: ...} is deprecated", "write external: true and name: ...");
      return new External(true, name);
    }
    Boolean b = ctx.bool(node);
    return new External(Boolean.TRUE.equals(b), null);
  }

  /** The {@code name:} key, checked as an engine name (an external object is addressed by it). */
  private String engineName(Fields f, String example) {
    String name = f.string("name", example);
    return name != null && names.engineName(f.node().get("name"), name) ? name : null;
  }

  private String externalName(Fields f, String key, External external, String explicitName) {
    if (external.external) {
      return explicitName != null ? explicitName : external.legacyName != null ? external.legacyName : key;
    }
    if (explicitName != null) {
      ctx.diagnostics.warning(f.node().get("name"), "name is only honoured for external objects, ignored",
          "orch names the object <stack>_" + key + "; set external: true to use an existing one");
    }
    return null;
  }
}
