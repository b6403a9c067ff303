package io.orch.api.dto;

import java.util.List;

/**
 * Answer to {@code PUT /v1/stacks/{stack}}: whether the desired state changed, the actions of the whole way to the
 * declared state (one line each, every step in order), the same way step by step as text ({@code plan}: a
 * {@code step N:} line, then its actions and what waits meanwhile, indented; then what stays pending), the loader's
 * warnings (unsupported keys and the like), and the services of the stored stack the file left out that were kept
 * running because {@code removeOrphans} was not set. {@code plan} is empty from an agent that predates it.
 */
public record SubmitResultDto(String stack, boolean changed, List<String> actions, List<String> warnings,
    List<String> keptOrphans, List<String> plan) {
  public SubmitResultDto {
    actions = actions == null ? List.of() : List.copyOf(actions);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    keptOrphans = keptOrphans == null ? List.of() : List.copyOf(keptOrphans);
    plan = plan == null ? List.of() : List.copyOf(plan);
  }

  /** An answer without the step-by-step text. */
  public SubmitResultDto(String stack, boolean changed, List<String> actions, List<String> warnings,
      List<String> keptOrphans) {
    this(stack, changed, actions, warnings, keptOrphans, List.of());
  }

  /** An answer that kept no orphans. */
  public SubmitResultDto(String stack, boolean changed, List<String> actions, List<String> warnings) {
    this(stack, changed, actions, warnings, List.of());
  }
}
