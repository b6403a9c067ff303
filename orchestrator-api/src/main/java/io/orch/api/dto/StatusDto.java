package io.orch.api.dto;

/** Body of {@code /healthz} and {@code /readyz}: {@code {"status":"ok"}} or {@code {"status":"not ready"}}. */
public record StatusDto(String status) {
  public static final StatusDto OK = new StatusDto("ok");
  public static final StatusDto NOT_READY = new StatusDto("not ready");
}
