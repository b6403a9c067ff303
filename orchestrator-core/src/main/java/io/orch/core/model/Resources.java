package io.orch.core.model;

/**
 * Limits the engine enforces ({@code cpus}, {@code memoryBytes}, {@code pids}) and reservations that orch only records
 * and reports. Null means unset. {@code mem_limit}/{@code cpus}/{@code pids_limit} and {@code deploy.resources.limits}
 * land in the same fields.
 */
public record Resources(
    Double cpus, Long memoryBytes, Long pids, Double reservedCpus, Long reservedMemoryBytes) {
  public static final Resources NONE = new Resources(null, null, null, null, null);
}
