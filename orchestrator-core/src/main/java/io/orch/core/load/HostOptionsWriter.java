package io.orch.core.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orch.core.model.HostOptions;
import java.util.List;
import java.util.Map;

/** Writes {@link HostOptions} back as the Compose keys {@link HostOptionsReader} reads, for {@code orch config}. */
final class HostOptionsWriter {
  private HostOptionsWriter() {}

  static void write(ObjectNode o, HostOptions h) {
    if (!h.ulimits().isEmpty()) {
      ObjectNode u = o.putObject("ulimits");
      h.ulimits().forEach((name, l) -> u.putObject(name).put("soft", l.soft()).put("hard", l.hard()));
    }
    map(o, "sysctls", h.sysctls());
    list(o, "security_opt", h.securityOpt());
    list(o, "extra_hosts", h.extraHosts());
    list(o, "dns", h.dns());
    list(o, "dns_search", h.dnsSearch());
    list(o, "dns_opt", h.dnsOpt());
    if (h.shmSizeBytes() != null) {
      o.put("shm_size", h.shmSizeBytes());
    }
    list(o, "devices", h.devices());
    if (h.stdinOpen()) {
      o.put("stdin_open", true);
    }
    if (h.tty()) {
      o.put("tty", true);
    }
    if (h.logging() != null) {
      ObjectNode l = o.putObject("logging");
      text(l, "driver", h.logging().driver());
      map(l, "options", h.logging().options());
    }
    text(o, "platform", h.platform());
    text(o, "runtime", h.runtime());
    list(o, "group_add", h.groupAdd());
    if (h.oomScoreAdj() != null) {
      o.put("oom_score_adj", h.oomScoreAdj());
    }
    if (h.oomKillDisable() != null) {
      o.put("oom_kill_disable", h.oomKillDisable());
    }
    text(o, "mac_address", h.macAddress());
    text(o, "cgroup_parent", h.cgroupParent());
    text(o, "domainname", h.domainname());
    map(o, "storage_opt", h.storageOpt());
    text(o, "userns_mode", h.usernsMode());
    if (h.cpuShares() != null) {
      o.put("cpu_shares", h.cpuShares());
    }
    text(o, "cpuset", h.cpuset());
    if (h.memReservationBytes() != null) {
      o.put("mem_reservation", h.memReservationBytes());
    }
    if (h.memswapLimitBytes() != null) {
      o.put("memswap_limit", h.memswapLimitBytes());
    }
    blkio(o, h.blkio());
  }

  private static void blkio(ObjectNode o, HostOptions.Blkio b) {
    if (b.equals(HostOptions.Blkio.NONE)) {
      return;
    }
    ObjectNode out = o.putObject("blkio_config");
    if (b.weight() != null) {
      out.put("weight", b.weight());
    }
    if (!b.weightDevice().isEmpty()) {
      ArrayNode a = out.putArray("weight_device");
      b.weightDevice().forEach(d -> a.addObject().put("path", escape(d.path())).put("weight", d.weight()));
    }
    rates(out, "device_read_bps", b.deviceReadBps());
    rates(out, "device_write_bps", b.deviceWriteBps());
    rates(out, "device_read_iops", b.deviceReadIops());
    rates(out, "device_write_iops", b.deviceWriteIops());
  }

  private static void rates(ObjectNode o, String key, List<HostOptions.DeviceRate> rates) {
    if (!rates.isEmpty()) {
      ArrayNode a = o.putArray(key);
      rates.forEach(r -> a.addObject().put("path", escape(r.path())).put("rate", r.rate()));
    }
  }

  // "$" is doubled as in StackWriter, so the printed file interpolates back to the same value.
  private static String escape(String s) {
    return s.replace("$", "$$");
  }

  private static void text(ObjectNode o, String key, String value) {
    if (value != null) {
      o.put(key, escape(value));
    }
  }

  private static void list(ObjectNode o, String key, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = o.putArray(key);
      values.forEach(v -> a.add(escape(v)));
    }
  }

  private static void map(ObjectNode o, String key, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode m = o.putObject(key);
      values.forEach((k, v) -> m.put(k, escape(v)));
    }
  }
}
