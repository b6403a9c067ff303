package io.orch.core.load;

import io.orch.core.model.Stack;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of loading a stack file: the model when there is no error, every diagnostic found in one pass, and
 * where each key path sits in the file (for lint and later messages), e.g. {@code services.web.image -> 4:12}, and
 * the profiles that were active (--profile and {@code COMPOSE_PROFILES}), which the CLI sends with the stack.
 */
public record LoadResult(Stack stack, List<Diagnostic> diagnostics, Map<String, SourceLocation> locations,
    Set<String> activeProfiles) {
  public LoadResult {
    diagnostics = List.copyOf(diagnostics);
    locations = Map.copyOf(locations);
    activeProfiles = activeProfiles == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(activeProfiles));
  }

  /** A result read with no profile active. */
  public LoadResult(Stack stack, List<Diagnostic> diagnostics, Map<String, SourceLocation> locations) {
    this(stack, diagnostics, locations, Set.of());
  }

  public boolean ok() {
    return stack != null && errors().isEmpty();
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).toList();
  }

  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).toList();
  }

  public Optional<SourceLocation> locationOf(String path) {
    return Optional.ofNullable(locations.get(path));
  }
}
