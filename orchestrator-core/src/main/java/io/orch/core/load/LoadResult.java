package io.orch.core.load;

import io.orch.core.model.Stack;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of loading a stack file: the model when there is no error, every diagnostic found in one pass, and
 * where each key path sits in the file (for lint and later messages), e.g. {@code services.web.image -> 4:12}.
 */
public record LoadResult(Stack stack, List<Diagnostic> diagnostics, Map<String, SourceLocation> locations) {
  public LoadResult {
    diagnostics = List.copyOf(diagnostics);
    locations = Map.copyOf(locations);
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
