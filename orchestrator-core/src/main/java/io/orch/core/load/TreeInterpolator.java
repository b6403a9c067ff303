package io.orch.core.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The interpolation stage: substitutes variables in every string value of the tree (never in keys, as Compose).
 * An unset variable becomes "" with one warning per variable; {@code :?} failures and bad templates are errors.
 */
final class TreeInterpolator {
  private final Interpolator interpolator;
  private final Diagnostics diagnostics;
  private final Set<String> warned = new LinkedHashSet<>();

  TreeInterpolator(Interpolator interpolator, Diagnostics diagnostics) {
    this.interpolator = interpolator;
    this.diagnostics = diagnostics;
  }

  YamlNode apply(YamlNode node) {
    if (node instanceof YamlNode.Mapping m) {
      Map<String, YamlNode.Entry> out = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> out.put(k, e.withValue(apply(e.value()))));
      return new YamlNode.Mapping(out, m.mark(), m.path());
    }
    if (node instanceof YamlNode.Sequence s) {
      List<YamlNode> out = new ArrayList<>();
      s.items().forEach(item -> out.add(apply(item)));
      return new YamlNode.Sequence(out, s.mark(), s.path());
    }
    YamlNode.Scalar scalar = (YamlNode.Scalar) node;
    if (scalar.kind() != YamlNode.Kind.STRING || scalar.text().indexOf('$') < 0) {
      return scalar;
    }
    Interpolator.Result result = interpolator.interpolate(scalar.text());
    for (String name : result.missing()) {
      if (warned.add(name)) {
        diagnostics.warning(scalar, "variable " + name + " is not set, defaulting to a blank string",
            "set " + name + " in the environment or in .env, or write ${" + name + ":-default}");
      }
    }
    if (result.failed()) {
      diagnostics.error(scalar, result.error(), "use $$ for a literal $; syntax: ${VAR}, ${VAR:-default}, "
          + "${VAR:?message}");
    }
    return scalar.withText(result.value());
  }
}
