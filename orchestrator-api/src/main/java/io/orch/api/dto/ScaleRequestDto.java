package io.orch.api.dto;

/**
 * Body of {@code POST .../scale}. {@code replicas} is boxed so that a missing value is told apart from 0.
 */
public record ScaleRequestDto(Integer replicas) {}
