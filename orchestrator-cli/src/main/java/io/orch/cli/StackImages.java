package io.orch.cli;

import io.orch.cli.engine.BuildException;
import io.orch.cli.engine.ImageBuilder;
import io.orch.core.model.PullPolicy;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.plan.Labels;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the images of a stack's {@code build:} services on this machine before the stack is submitted (Compose
 * builds client-side too), and stamps each built service with its image id ({@link Labels#COMPOSE_IMAGE}, as Compose
 * v2 does). The id is part of the spec hash: a rebuild that yields a new image rolls the service out like any other
 * change, and a rebuild that yields the same image changes nothing.
 */
final class StackImages {
  /** When a service's image is built. */
  enum When {
    /** Only when the engine has no image by that name, or under {@code pull_policy: build} (orch up). */
    MISSING,
    /** Every time (orch build, orch up --build). */
    ALWAYS,
    /** Never: only read the ids of the images there are (orch plan). */
    NEVER
  }

  private final PrintWriter out;
  private final PrintWriter err;

  StackImages(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** Whether any service of {@code only} (all when empty) builds its image. */
  static boolean anyBuilds(Stack stack, Collection<String> only) {
    return stack.services().values().stream().anyMatch(s -> s.build() != null
        && (only.isEmpty() || only.contains(s.name())));
  }

  /**
   * The stack with every selected {@code build:} service stamped with its image id, building as {@code when} says.
   * A failed build prints the failing step's output and fails the command (exit 1); nothing is submitted then.
   */
  Stack prepare(Stack stack, Collection<String> only, When when, ImageBuilder.Overrides overrides) {
    if (!anyBuilds(stack, only)) {
      return stack;
    }
    Map<String, ServiceSpec> services = new LinkedHashMap<>(stack.services());
    try (ImageBuilder builder = ImageBuilder.fromEnvironment()) {
      for (ServiceSpec service : stack.services().values()) {
        if (service.build() == null || !(only.isEmpty() || only.contains(service.name()))) {
          continue;
        }
        String id = imageOf(builder, service, when, overrides);
        if (id != null) {
          Map<String, String> labels = new TreeMap<>(service.labels());
          labels.put(Labels.COMPOSE_IMAGE, id);
          services.put(service.name(), service.withLabels(labels));
        }
      }
    } catch (IOException e) {
      // closing the engine client; the images are built by then
    }
    return new Stack(stack.name(), services, stack.networks(), stack.volumes());
  }

  private String imageOf(ImageBuilder builder, ServiceSpec service, When when, ImageBuilder.Overrides overrides) {
    String name = service.name();
    try {
      String existing = builder.imageId(service.image()).orElse(null);
      boolean build = when == When.ALWAYS
          || (when == When.MISSING && (existing == null || service.pullPolicy() == PullPolicy.BUILD));
      if (!build) {
        return existing;
      }
      out.println(name + ": building " + service.image() + " from " + (service.build().dockerfileInline() != null
          ? "an inline Dockerfile in " : "") + service.build().context());
      out.flush();
      String id = builder.build(service.image(), service.build(), overrides, step -> {
        out.println(name + ": " + step);
        out.flush();
      });
      out.println(name + ": built " + service.image() + " " + shortId(id)
          + (id.equals(existing) ? " (unchanged)" : ""));
      out.flush();
      return id;
    } catch (BuildException e) {
      out.flush();
      e.stepOutput().forEach(line -> err.println(name + " | " + line));
      err.flush();
      throw CliException.failed("service " + name + ": " + e.getMessage() + "; nothing was submitted");
    }
  }

  private static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring("sha256:".length()) : id;
    return hex.substring(0, Math.min(12, hex.length()));
  }
}
