package io.orch.api.dto;

/**
 * Body of {@code POST .../scale}. {@code replicas} is boxed so that a missing value is told apart from 0. {@code pin}
 * (optional) is needed to set the count of an autoscaled service: it fixes the autoscale range at {@code replicas}
 * until the stack is submitted again.
 */
public record ScaleRequestDto(Integer replicas, Boolean pin) {
  public ScaleRequestDto(Integer replicas) {
    this(replicas, null);
  }

  public boolean pinned() {
    return Boolean.TRUE.equals(pin);
  }
}
