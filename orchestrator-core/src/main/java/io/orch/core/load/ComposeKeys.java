package io.orch.core.load;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys the Compose specification allows at each level of a file, so a key the loader does not read can be told
 * apart: a Compose key orch cannot honour is a warning, a key Compose itself would reject ({@code restrat:},
 * {@code helthcheck:}) is an error, as {@code docker compose config} gives ("additional properties not allowed").
 * Kept in code rather than read from the JSON schema at run time; {@code ComposeKeysTest} checks every level against
 * the schema in ../shared/compose so the two cannot drift. {@code x-*} keys are allowed everywhere they are listed.
 */
enum ComposeKeys {
  ROOT("", "configs", "include", "models", "name", "networks", "secrets", "services", "version", "volumes"),
  SERVICE(service(""), "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup",
      "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota",
      "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy",
      "develop", "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint",
      "env_file", "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add",
      "healthcheck", "hostname", "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging",
      "mac_address", "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode",
      "networks", "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start",
      "pre_start", "pre_stop", "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only",
      "restart", "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period",
      "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode",
      "uts", "volumes", "volumes_from", "working_dir"),
  BUILD(service("\\.build"), "additional_contexts", "args", "cache_from", "cache_to", "context", "dockerfile",
      "dockerfile_inline", "entitlements", "extra_hosts", "isolation", "labels", "network", "no_cache",
      "no_cache_filter", "platforms", "privileged", "provenance", "pull", "sbom", "secrets", "shm_size", "ssh", "tags",
      "target", "ulimits"),
  DEPLOY(service("\\.deploy"), "endpoint_mode", "labels", "mode", "placement", "replicas", "resources",
      "restart_policy", "rollback_config", "update_config"),
  RESOURCES(service("\\.deploy\\.resources"), "limits", "reservations"),
  LIMITS(service("\\.deploy\\.resources\\.limits"), "cpus", "memory", "pids"),
  RESERVATIONS(service("\\.deploy\\.resources\\.reservations"), "cpus", "devices", "generic_resources", "memory"),
  RESTART_POLICY(service("\\.deploy\\.restart_policy"), "condition", "delay", "max_attempts", "window"),
  UPDATE_CONFIG(service("\\.deploy\\.(update_config|rollback_config)"), "delay", "failure_action",
      "max_failure_ratio", "monitor", "order", "parallelism"),
  PLACEMENT(service("\\.deploy\\.placement"), "constraints", "max_replicas_per_node", "preferences"),
  HEALTHCHECK(service("\\.healthcheck"), "disable", "interval", "retries", "start_interval", "start_period", "test",
      "timeout"),
  SERVICE_NETWORK(service("\\.networks\\.[^.\\[]+"), "aliases", "driver_opts", "gw_priority", "interface_name",
      "ipv4_address", "ipv6_address", "link_local_ips", "mac_address", "priority"),
  DEPENDS_ON(service("\\.depends_on\\.[^.\\[]+"), "condition", "required", "restart"),
  PORT(service("\\.ports\\[\\d+]"), "app_protocol", "host_ip", "mode", "name", "protocol", "published", "target"),
  MOUNT(service("\\.volumes\\[\\d+]"), "bind", "consistency", "image", "read_only", "source", "target", "tmpfs",
      "type", "volume"),
  MOUNT_BIND(service("\\.volumes\\[\\d+]\\.bind"), "create_host_path", "propagation", "recursive", "selinux"),
  MOUNT_VOLUME(service("\\.volumes\\[\\d+]\\.volume"), "labels", "nocopy", "subpath"),
  MOUNT_TMPFS(service("\\.volumes\\[\\d+]\\.tmpfs"), "mode", "size"),
  ENV_FILE(service("\\.env_file\\[\\d+]"), "format", "path", "required"),
  LOGGING(service("\\.logging"), "driver", "options"),
  BLKIO(service("\\.blkio_config"), "device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops",
      "weight", "weight_device"),
  BLKIO_LIMIT(service("\\.blkio_config\\.device_(read|write)_(bps|iops)\\[\\d+]"), "path", "rate"),
  BLKIO_WEIGHT(service("\\.blkio_config\\.weight_device\\[\\d+]"), "path", "weight"),
  SERVICE_SECRET_OR_CONFIG(service("\\.(secrets|configs)\\[\\d+]"), "gid", "mode", "source", "target", "uid"),
  NETWORK("networks\\.[^.\\[]+", "attachable", "driver", "driver_opts", "enable_ipv4", "enable_ipv6", "external",
      "internal", "ipam", "labels", "name"),
  IPAM("networks\\.[^.\\[]+\\.ipam", "config", "driver", "options"),
  EXTERNAL("(networks|volumes)\\.[^.\\[]+\\.external", "name"),
  VOLUME("volumes\\.[^.\\[]+", "driver", "driver_opts", "external", "labels", "name"),
  SECRET("secrets\\.[^.\\[]+", "driver", "driver_opts", "environment", "external", "file", "labels", "name",
      "template_driver"),
  CONFIG("configs\\.[^.\\[]+", "content", "environment", "external", "file", "labels", "name", "template_driver");

  private final Pattern path;
  private final Set<String> keys;

  ComposeKeys(String pathRegex, String... keys) {
    this.path = Pattern.compile(pathRegex);
    this.keys = Set.of(keys);
  }

  // A service name holding a dot matches no level: its keys keep the lenient "unsupported key" warning.
  private static String service(String below) {
    return "services\\.[^.\\[]+" + below;
  }

  Set<String> keys() {
    return keys;
  }

  /** The level of the mapping at {@code path} ({@code services.web.deploy}), empty where the loader cannot tell. */
  static Optional<ComposeKeys> at(String path) {
    return List.of(values()).stream().filter(level -> level.path.matcher(path).matches()).findFirst();
  }
}
