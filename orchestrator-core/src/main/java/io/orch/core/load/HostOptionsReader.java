package io.orch.core.load;

import io.orch.core.model.HostOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the service keys that map one to one onto the engine's container config ({@link HostOptions}): ulimits,
 * sysctls, DNS, extra_hosts, devices, logging, namespaces and the finer resource knobs. Each bad value is a located
 * error; nothing here is dropped with only a warning, since each of these keys changes what the container does.
 */
final class HostOptionsReader {
  private static final Pattern DEVICE_PERMISSIONS = Pattern.compile("[rwm]{1,3}");

  private final ReadContext ctx;

  HostOptionsReader(ReadContext ctx) {
    this.ctx = ctx;
  }

  HostOptions read(Fields f) {
    Map<String, HostOptions.Ulimit> ulimits = ulimits(f.value("ulimits"));
    Map<String, String> sysctls = f.stringMap("sysctls", false, "sysctls: {net.core.somaxconn: 1024}");
    List<String> securityOpt = f.stringList("security_opt", false, "security_opt: [no-new-privileges:true]");
    List<String> extraHosts = extraHosts(f.value("extra_hosts"));
    List<String> dns = f.stringList("dns", true, "dns: [8.8.8.8]");
    List<String> dnsSearch = f.stringList("dns_search", true, "dns_search: [example.com]");
    List<String> dnsOpt = f.stringList("dns_opt", false, "dns_opt: [use-vc]");
    Long shmSize = f.size("shm_size");
    List<String> devices = devices(f.value("devices"));
    boolean stdinOpen = f.bool("stdin_open", false);
    boolean tty = f.bool("tty", false);
    HostOptions.Logging logging = logging(f.value("logging"));
    String platform = f.string("platform", "linux/amd64");
    String runtime = f.string("runtime", "runc");
    List<String> groupAdd = f.stringList("group_add", false, "group_add: [mail]");
    Long oomScoreAdj = f.integer("oom_score_adj", -1000, 1000, "500");
    Boolean oomKillDisable = f.bool("oom_kill_disable");
    String macAddress = f.string("mac_address", "02:42:ac:11:00:02");
    String cgroupParent = f.string("cgroup_parent", "m-executor-abcd");
    String domainname = f.string("domainname", "example.com");
    Map<String, String> storageOpt = f.stringMap("storage_opt", false, "storage_opt: {size: 1G}");
    String usernsMode = f.string("userns_mode", "host");
    Long cpuShares = f.integer("cpu_shares", 0, Integer.MAX_VALUE, "512");
    String cpuset = f.string("cpuset", "\"0-1\"");
    Long memReservation = f.size("mem_reservation");
    Long memswapLimit = memswap(f.value("memswap_limit"));
    HostOptions.Blkio blkio = blkio(f.value("blkio_config"));
    f.unsupported("isolation", "isolation applies to Windows containers only; a Linux engine has one isolation");
    return new HostOptions(ulimits, sysctls, securityOpt, extraHosts, dns, dnsSearch, dnsOpt, shmSize, devices,
        stdinOpen, tty, logging, platform, runtime, groupAdd, oomScoreAdj == null ? null : oomScoreAdj.intValue(),
        oomKillDisable, macAddress, cgroupParent, domainname, storageOpt, usernsMode,
        cpuShares == null ? null : cpuShares.intValue(), cpuset, memReservation, memswapLimit, blkio);
  }

  /** {@code nofile: 20000} sets soft and hard; {@code nofile: {soft: 20000, hard: 40000}} sets each. */
  private Map<String, HostOptions.Ulimit> ulimits(YamlNode node) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      ctx.typeError(node, "a mapping", "ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}");
      return null;
    }
    Map<String, HostOptions.Ulimit> out = new LinkedHashMap<>();
    m.entries().forEach((name, e) -> {
      ctx.consume(e.value().path());
      YamlNode v = e.value();
      if (v instanceof YamlNode.Scalar) {
        Long both = ctx.integer(v, -1, Long.MAX_VALUE, "nofile: 20000");
        if (both != null) {
          out.put(name, new HostOptions.Ulimit(both, both));
        }
        return;
      }
      Fields lf = ctx.fields(v, "nofile: {soft: 20000, hard: 40000}");
      if (lf == null) {
        return;
      }
      Long soft = lf.integer("soft", -1, Long.MAX_VALUE, "20000");
      Long hard = lf.integer("hard", -1, Long.MAX_VALUE, "40000");
      lf.finish();
      if (soft == null || hard == null) {
        if (!lf.has("soft") || !lf.has("hard")) {
          ctx.diagnostics.error(v, "ulimit " + name + " needs both soft and hard",
              "e.g. " + name + ": {soft: 20000, hard: 40000}, or one number for both");
        }
        return;
      }
      if (hard != -1 && (soft == -1 || soft > hard)) {
        ctx.diagnostics.error(v, "ulimit " + name + ": soft limit " + soft + " is above the hard limit " + hard,
            "make soft <= hard");
        return;
      }
      out.put(name, new HostOptions.Ulimit(soft, hard));
    });
    return out;
  }

  /** A list of {@code host:ip} or {@code host=ip}, or a mapping host: ip; kept as the engine's "host:ip". */
  private List<String> extraHosts(YamlNode node) {
    if (node == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    String example = "extra_hosts: [\"somehost=162.242.195.82\"]";
    if (node instanceof YamlNode.Mapping m) {
      m.entries().forEach((host, e) -> {
        ctx.consume(e.value().path());
        String ip = ctx.string(e.value(), example);
        if (ip != null) {
          out.add(host + ":" + ip);
        }
      });
      return out;
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      ctx.typeError(node, "a list or a mapping", example);
      return null;
    }
    for (YamlNode item : seq.items()) {
      String entry = ctx.string(item, example);
      if (entry == null) {
        continue;
      }
      // host=ip is the newer form (it allows IPv6 addresses); host:ip splits at the first colon.
      int eq = entry.indexOf('=');
      int sep = eq >= 0 ? eq : entry.indexOf(':');
      if (sep <= 0 || sep == entry.length() - 1) {
        ctx.diagnostics.error(item, "extra_hosts entry \"" + entry + "\" is not host=ip or host:ip",
            "e.g. \"somehost=162.242.195.82\"");
        continue;
      }
      String ip = entry.substring(sep + 1);
      if (ip.startsWith("[") && ip.endsWith("]")) {
        ip = ip.substring(1, ip.length() - 1);
      }
      out.add(entry.substring(0, sep) + ":" + ip);
    }
    return out;
  }

  /** Short {@code /dev/x[:/dev/y[:rwm]]} or long {@code {source, target, permissions}}; kept in the short form. */
  private List<String> devices(YamlNode node) {
    if (node == null) {
      return null;
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      ctx.typeError(node, "a list", "devices: [\"/dev/ttyUSB0:/dev/ttyUSB0:rwm\"]");
      return null;
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      String source;
      String target;
      String permissions;
      if (item instanceof YamlNode.Mapping) {
        Fields df = ctx.fields(item, "{source: /dev/ttyUSB0, target: /dev/ttyUSB0, permissions: rwm}");
        source = df.string("source", "/dev/ttyUSB0");
        target = df.string("target", "/dev/ttyUSB0");
        permissions = df.string("permissions", "rwm");
        df.finish();
      } else {
        String s = ctx.string(item, "\"/dev/ttyUSB0:/dev/ttyUSB0:rwm\"");
        if (s == null) {
          continue;
        }
        String[] parts = s.split(":", -1);
        if (parts.length > 3) {
          ctx.diagnostics.error(item, "device \"" + s + "\" has too many parts", "use HOST[:CONTAINER[:rwm]]");
          continue;
        }
        source = parts[0];
        target = parts.length > 1 ? parts[1] : null;
        permissions = parts.length > 2 ? parts[2] : null;
      }
      if (source == null || !source.startsWith("/")) {
        ctx.diagnostics.error(item, "device source must be an absolute path, found \"" + source + "\"",
            "e.g. /dev/ttyUSB0");
        continue;
      }
      if (permissions != null && !DEVICE_PERMISSIONS.matcher(permissions).matches()) {
        ctx.diagnostics.error(item, "device permissions \"" + permissions + "\" are not made of r, w and m",
            "e.g. rwm or r");
        continue;
      }
      out.add(source + ":" + (target == null || target.isEmpty() ? source : target) + ":"
          + (permissions == null ? "rwm" : permissions));
    }
    return out;
  }

  private HostOptions.Logging logging(YamlNode node) {
    if (node == null) {
      return null;
    }
    Fields lf = ctx.fields(node, "logging: {driver: json-file, options: {max-size: 10m}}");
    if (lf == null) {
      return null;
    }
    String driver = lf.string("driver", "json-file");
    Map<String, String> options = lf.stringMap("options", false, "options: {max-size: 10m, max-file: \"3\"}");
    lf.finish();
    return new HostOptions.Logging(driver, options);
  }



  /** memswap_limit: a size, or -1 for unlimited swap. */
  private Long memswap(YamlNode node) {
    if (node == null) {
      return null;
    }
    if (node instanceof YamlNode.Scalar s && s.text().strip().equals("-1")) {
      return -1L;
    }
    return ctx.size(node);
  }

  private static final String BLKIO_EXAMPLE = "blkio_config: {weight: 300, device_read_bps: [{path: /dev/sda, rate: 12mb}]}";

  /** {@code blkio_config}: weight (10-1000), weight_device and the four per-device throttles, as Compose reads them. */
  private HostOptions.Blkio blkio(YamlNode node) {
    if (node == null) {
      return null;
    }
    Fields bf = ctx.fields(node, BLKIO_EXAMPLE);
    if (bf == null) {
      return null;
    }
    Long weight = bf.integer("weight", 10, 1000, "300");
    List<HostOptions.DeviceWeight> weightDevice = new ArrayList<>();
    forEachDevice(bf.value("weight_device"), "{path: /dev/sda, weight: 400}", (df, path) -> {
      Long w = df.integer("weight", 10, 1000, "400");
      if (w != null) {
        weightDevice.add(new HostOptions.DeviceWeight(path, w.intValue()));
      }
    });
    HostOptions.Blkio blkio = new HostOptions.Blkio(weight == null ? null : weight.intValue(), weightDevice,
        rates(bf.value("device_read_bps"), true), rates(bf.value("device_write_bps"), true),
        rates(bf.value("device_read_iops"), false), rates(bf.value("device_write_iops"), false));
    bf.finish();
    return blkio;
  }

  /** A throttle list: a size such as {@code 12mb} for the bps lists, a whole number for the iops lists. */
  private List<HostOptions.DeviceRate> rates(YamlNode node, boolean bytes) {
    List<HostOptions.DeviceRate> out = new ArrayList<>();
    forEachDevice(node, bytes ? "{path: /dev/sda, rate: 12mb}" : "{path: /dev/sda, rate: 120}", (df, path) -> {
      boolean given = df.has("rate");
      Long rate = bytes ? df.size("rate") : df.integer("rate", 0, Long.MAX_VALUE, "120");
      if (!given) {
        ctx.diagnostics.error(df.node(), "a device throttle needs a rate",
            bytes ? "e.g. rate: 12mb" : "e.g. rate: 120");
      } else if (rate != null) {
        out.add(new HostOptions.DeviceRate(path, rate));
      }
    });
    return out;
  }

  private void forEachDevice(YamlNode node, String example, java.util.function.BiConsumer<Fields, String> entry) {
    if (node == null) {
      return;
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      ctx.typeError(node, "a list", "[" + example + "]");
      return;
    }
    for (YamlNode item : seq.items()) {
      Fields df = ctx.fields(item, example);
      if (df == null) {
        continue;
      }
      String path = df.string("path", "/dev/sda");
      if (path == null || !path.startsWith("/")) {
        ctx.diagnostics.error(item, "a device path must be absolute, found " + (path == null ? "none" : "\"" + path
            + "\""), "e.g. path: /dev/sda");
      } else {
        entry.accept(df, path);
      }
      df.finish();
    }
  }
}
