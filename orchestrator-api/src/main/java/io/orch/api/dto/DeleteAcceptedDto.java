package io.orch.api.dto;

/** Answer (202) to {@code DELETE /v1/stacks/{stack}}: the removal is under way, the loop finishes it. */
public record DeleteAcceptedDto(String stack, boolean removeVolumes, String status) {
  public static DeleteAcceptedDto accepted(String stack, boolean removeVolumes) {
    return new DeleteAcceptedDto(stack, removeVolumes, "deleting");
  }
}
