package io.orch.core.lint;

import io.orch.core.model.ServiceSpec;
import java.util.List;

/** An image without a tag, or tagged latest, changes under you: two hosts (or two pulls) run different code. */
public final class ImageTagRule implements LintRule {
  @Override public String id() { return "image-tag"; }

  @Override public Severity severity() { return Severity.WARNING; }

  @Override public String fix() { return "pin a version tag (postgres:16.4) or a digest (image@sha256:...)"; }

  @Override
  public List<Violation> check(ServiceSpec svc, LintContext context) {
    String image = svc.image();
    // A built image is made here from the context, not pulled: its tag cannot drift between two pulls.
    if (image == null || image.contains("@") || svc.build() != null) {
      return List.of();
    }
    String lastSegment = image.substring(image.lastIndexOf('/') + 1);
    int colon = lastSegment.indexOf(':');
    if (colon < 0) {
      return List.of(new Violation("services." + svc.name() + ".image",
          "image " + image + " has no tag, so it means :latest"));
    }
    if (lastSegment.substring(colon + 1).equals("latest")) {
      return List.of(new Violation("services." + svc.name() + ".image", "image " + image + " uses the latest tag"));
    }
    return List.of();
  }
}
