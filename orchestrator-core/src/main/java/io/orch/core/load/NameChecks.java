package io.orch.core.load;

import io.orch.core.model.NameRule;
import java.util.Optional;

/**
 * Checks the names a stack file declares (service, network and volume keys; the {@code name:} of a network or
 * volume) against {@link NameRule}, each refusal a located error. These names end up in engine object names, in
 * engine API paths and in the state dir, so a name such as {@code x/../victimnet} must never get past the loader.
 */
final class NameChecks {
  private final Diagnostics diagnostics;

  NameChecks(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** A declared key, e.g. kind "service" for {@code services.web}; false (error reported) when it is refused. */
  boolean key(String kind, String key, YamlNode.Mark keyMark, String path) {
    return check(NameRule.KEY, "invalid " + kind + " name \"" + key + "\"", keyMark, path, key);
  }

  /** The {@code name:} of a network or volume: the engine's own name of the object. */
  boolean engineName(YamlNode node, String name) {
    return check(NameRule.ENGINE_NAME, "invalid name \"" + name + "\"", node.mark(), node.path(), name);
  }

  private boolean check(NameRule rule, String what, YamlNode.Mark mark, String path, String name) {
    Optional<NameRule.Violation> violation = rule.check(name);
    if (violation.isEmpty()) {
      return true;
    }
    // A control character is reported for every key and value by ControlCharacterCheck, as bad input.
    if (violation.get().problem() != NameRule.Problem.CONTROL_CHARACTER) {
      diagnostics.add(Diagnostic.Severity.ERROR, mark, path, what + ": " + violation.get().message(), rule.hint());
    }
    return false;
  }
}
