package io.orch.core.load;

import io.orch.core.model.BuildSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a service's {@code build:}, short syntax (the context path) or long syntax. A relative local context is
 * resolved against the folder of the file that declares it, as compose-go does, so the model holds a path that means
 * the same thing wherever the stack is printed or submitted from.
 */
final class BuildReader {
  /** Compose build keys the engine's classic build API (1.41) cannot honour, with why: a warning, not an error. */
  private static final Map<String, String> ENGINE_CANNOT = Map.of(
      "ssh", "SSH forwarding needs BuildKit; the engine's classic build API (1.41) cannot forward an agent",
      "secrets", "build secrets need BuildKit; the engine's classic build API (1.41) has no secret mounts",
      "cache_to", "cache export needs BuildKit; the classic builder keeps its cache in the engine",
      "additional_contexts", "named contexts need BuildKit; the classic build API takes one context",
      "platforms", "multi-platform builds need buildx; the image is built for the engine's own platform",
      "privileged", "privileged builds need BuildKit entitlements",
      "entitlements", "entitlements need BuildKit",
      "isolation", "isolation applies to Windows engines only",
      "ulimits", "orch's build call does not pass ulimits; the engine's defaults apply",
      "no_cache_filter", "per-stage cache filters need BuildKit; use no_cache: true to rebuild every step");

  private final ReadContext ctx;

  BuildReader(ReadContext ctx) {
    this.ctx = ctx;
  }

  /** The build section, or null when it is malformed (errors reported). */
  BuildSpec read(YamlNode node) {
    if (node instanceof YamlNode.Scalar s && !s.isNull()) {
      return BuildSpec.ofContext(resolve(s, s.text()));
    }
    Fields f = ctx.fields(node, "build: {context: ., dockerfile: Dockerfile}");
    if (f == null) {
      return null;
    }
    YamlNode contextNode = f.value("context");
    String context = contextNode == null ? "." : ctx.string(contextNode, "context: ./web");
    context = context == null ? null : resolve(contextNode == null ? node : contextNode, context);
    String dockerfile = f.string("dockerfile", "dockerfile: Dockerfile.prod");
    String inline = f.string("dockerfile_inline", "dockerfile_inline: |\n  FROM busybox:1.36");
    if (dockerfile != null && inline != null) {
      ctx.diagnostics.error(f.take("dockerfile_inline"), "dockerfile and dockerfile_inline are mutually exclusive",
          "keep one of them");
    }
    Map<String, String> args = f.stringMap("args", true, "args: {VERSION: \"1.2\"}");
    String target = f.string("target", "target: prod");
    Map<String, String> labels = f.stringMap("labels", false, "labels: {com.example.team: web}");
    List<String> tags = f.stringList("tags", false, "tags: [\"myapp:1.2\"]");
    boolean noCache = f.bool("no_cache", false);
    boolean pull = f.bool("pull", false);
    String network = f.string("network", "network: host");
    List<String> extraHosts = extraHosts(f);
    Long shmSize = f.size("shm_size");
    List<String> cacheFrom = f.stringList("cache_from", false, "cache_from: [\"myapp:cache\"]");
    ENGINE_CANNOT.forEach(f::unsupported);
    f.finish();
    if (context == null) {
      return null;
    }
    return new BuildSpec(context, dockerfile, inline, args, target, labels, tags, noCache, pull, network, extraHosts,
        shmSize, cacheFrom);
  }

  /** A local relative context against the declaring file's folder; URLs and absolute paths stay as written. */
  private String resolve(YamlNode at, String context) {
    if (context.isBlank()) {
      ctx.diagnostics.error(at, "build context is empty", "e.g. build: . (the folder of this file)");
      return null;
    }
    if (BuildSpec.isRemote(context) || ctx.baseDir == null) {
      return context;
    }
    try {
      return ctx.baseDir.resolve(Path.of(context)).normalize().toString();
    } catch (InvalidPathException e) {
      ctx.diagnostics.error(at, "invalid build context path \"" + context + "\"", "give a folder path, e.g. ./web");
      return null;
    }
  }

  /** {@code ["host:ip"]}, {@code ["host=ip"]} or {@code {host: ip}}; the engine wants {@code host:ip}. */
  private List<String> extraHosts(Fields f) {
    YamlNode node = f.value("extra_hosts");
    if (node == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    if (node instanceof YamlNode.Mapping) {
      Map<String, String> map = ctx.stringMap(node, false, "extra_hosts: {somehost: 162.242.195.82}");
      map.forEach((host, ip) -> out.add(host + ":" + ip));
      return out;
    }
    List<String> items = ctx.stringList(node, false, "extra_hosts: [\"somehost:162.242.195.82\"]");
    if (items == null) {
      return null;
    }
    for (String item : items) {
      int eq = item.indexOf('=');
      out.add(eq > 0 ? item.substring(0, eq) + ":" + item.substring(eq + 1) : item);
    }
    return out;
  }
}
