package io.orch.api.dto;

import java.util.List;

/**
 * Answer to {@code PUT /v1/stacks/{stack}}: whether the desired state changed, the plan lines it leads to, and the
 * loader's warnings (unsupported keys and the like).
 */
public record SubmitResultDto(String stack, boolean changed, List<String> actions, List<String> warnings) {
  public SubmitResultDto {
    actions = actions == null ? List.of() : List.copyOf(actions);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
