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
      boolean attachable = f.bool("attachable", false);
      NetworkSpec.Ipam ipam = ipam(f.value("ipam"));
      boolean enableIpv6 = f.bool("enable_ipv6", false);
      f.unsupported("enable_ipv4", "IPv4 is always enabled");
      f.finish();
      String externalName = externalName(f, name, external, explicitName);
      return new NetworkSpec(name, driver, internal, external.external, externalName, labels, driverOpts, ipam,
          enableIpv6, attachable);
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

  /** {@code ipam: {driver, config: [{subnet, ip_range, gateway, aux_addresses}], options}}. */
  private NetworkSpec.Ipam ipam(YamlNode node) {
    if (node == null) {
      return null;
    }
    Fields f = ctx.fields(node, "ipam: {config: [{subnet: 172.28.0.0/16}]}");
    if (f == null) {
      return null;
    }
    String driver = f.string("driver", "default");
    Map<String, String> options = f.stringMap("options", false, "options: {foo: bar}");
    java.util.List<NetworkSpec.IpamPool> pools = new java.util.ArrayList<>();
    YamlNode config = f.value("config");
    if (config instanceof YamlNode.Sequence seq) {
      for (YamlNode item : seq.items()) {
        Fields pf = ctx.fields(item, "{subnet: 172.28.0.0/16, gateway: 172.28.0.1}");
        if (pf == null) {
          continue;
        }
        String subnet = cidr(pf.value("subnet"), "172.28.0.0/16");
        String ipRange = cidr(pf.value("ip_range"), "172.28.5.0/24");
        String gateway = address(pf.value("gateway"), "172.28.0.1");
        Map<String, String> aux = pf.stringMap("aux_addresses", false, "aux_addresses: {host1: 172.28.1.5}");
        pf.finish();
        pools.add(new NetworkSpec.IpamPool(subnet, ipRange, gateway, aux));
      }
    } else if (config != null) {
      ctx.typeError(config, "a list", "config: [{subnet: 172.28.0.0/16}]");
    }
    f.finish();
    return new NetworkSpec.Ipam(driver, pools, options);
  }

  private String cidr(YamlNode node, String example) {
    String text = node == null ? null : ctx.string(node, example);
    if (text == null) {
      return null;
    }
    int slash = text.indexOf('/');
    if (slash < 0 || !isAddress(text.substring(0, slash)) || !text.substring(slash + 1).matches("\\d{1,3}")) {
      ctx.diagnostics.error(node, "\"" + text + "\" is not a subnet in CIDR notation", "e.g. " + example);
      return null;
    }
    return text;
  }

  private String address(YamlNode node, String example) {
    String text = node == null ? null : ctx.string(node, example);
    if (text != null && !isAddress(text)) {
      ctx.diagnostics.error(node, "\"" + text + "\" is not an IP address", "e.g. " + example);
      return null;
    }
    return text;
  }

  /** An IPv4 or IPv6 literal (never a host name: nothing here may trigger a DNS lookup). */
  static boolean isAddress(String text) {
    if (text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String part : text.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    if (!text.contains(":") || !text.matches("[0-9A-Fa-f:.]+")) {
      return false;
    }
    try {
      // A text with ':' and only hex digits is parsed as an IPv6 literal, never looked up.
      java.net.InetAddress.getByName(text);
      return true;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
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

  /**
   * The {@code name:} key, checked as an engine name (an external object is addressed by it). An empty name (often
   * {@code name: ${VOLUME_NAME}} with the variable unset) counts as none, as in compose-go: an external object is
   * then found by its key, one orch creates gets {@code <stack>_<key>}.
   */
  private String engineName(Fields f, String example) {
    String name = f.string("name", example);
    if (name != null && name.isEmpty()) {
      return null;
    }
    return name != null && names.engineName(f.node().get("name"), name) ? name : null;
  }

  private String externalName(Fields f, String key, External external, String explicitName) {
    if (external.external) {
      return explicitName != null ? explicitName : external.legacyName != null ? external.legacyName : key;
    }
    // name: of an object orch creates: the engine object gets that name instead of <stack>_<key>, as in Compose.
    return explicitName;
  }
}
