package io.orch.api.dto;

import java.util.List;

/**
 * Answer to {@code PUT /v1/stacks/{stack}}: whether the desired state changed, the plan lines it leads to, the
 * loader's warnings (unsupported keys and the like), and the services of the stored stack the file left out that were
 * kept running because {@code removeOrphans} was not set.
 */
public record SubmitResultDto(String stack, boolean changed, List<String> actions, List<String> warnings,
    List<String> keptOrphans) {
  public SubmitResultDto {
    actions = actions == null ? List.of() : List.copyOf(actions);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    keptOrphans = keptOrphans == null ? List.of() : List.copyOf(keptOrphans);
  }

  /** An answer that kept no orphans. */
  public SubmitResultDto(String stack, boolean changed, List<String> actions, List<String> warnings) {
    this(stack, changed, actions, warnings, List.of());
  }
}
