package io.orch.core.model;

import java.util.List;
import java.util.Map;

/**
 * A service's {@code build:} section: how to build its image through the engine's build API. {@code context} is a
 * folder path (resolved against the folder of the file that declares it when the loader knows that folder) or a
 * remote URL the engine fetches; {@code dockerfile} is relative to the context; {@code dockerfileInline}, when set,
 * is the Dockerfile text itself. Optional scalars are null when unset; collections are never null.
 */
public record BuildSpec(
    String context,
    String dockerfile,
    String dockerfileInline,
    Map<String, String> args,
    String target,
    Map<String, String> labels,
    List<String> tags,
    boolean noCache,
    boolean pull,
    String network,
    List<String> extraHosts,
    Long shmSizeBytes,
    List<String> cacheFrom) {

  public BuildSpec {
    context = context == null ? "." : context;
    args = Collections2.sorted(args);
    labels = Collections2.sorted(labels);
    tags = Collections2.list(tags);
    extraHosts = Collections2.list(extraHosts);
    cacheFrom = Collections2.list(cacheFrom);
  }

  /** The short syntax: {@code build: ./dir}. */
  public static BuildSpec ofContext(String context) {
    return new BuildSpec(context, null, null, null, null, null, null, false, false, null, null, null, null);
  }

  /** Whether the context is a URL the engine fetches itself (git repository or tarball), not a local folder. */
  public boolean remoteContext() {
    return isRemote(context);
  }

  public static boolean isRemote(String context) {
    return context.contains("://") || context.startsWith("git@") || context.startsWith("github.com/");
  }
}
