package io.orch.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Body of {@code /healthz} and {@code /readyz}: {@code {"status":"ok"}}, or {@code {"status":"not ready","reason":
 * "engine not answering: ping: no answer from the Docker Engine within 5s"}}. {@code reason} is for people and logs,
 * not for parsing; it is left out when there is none.
 */
public record StatusDto(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String reason) {
  public static final StatusDto OK = new StatusDto("ok");
  public static final StatusDto NOT_READY = new StatusDto("not ready");

  public StatusDto(String status) {
    this(status, null);
  }

  public static StatusDto notReady(String reason) {
    return new StatusDto(NOT_READY.status(), reason);
  }
}
