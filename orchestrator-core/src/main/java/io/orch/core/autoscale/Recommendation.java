package io.orch.core.autoscale;

import java.time.Instant;

/** What the utilisation alone asked for at one decision, before windows, steps and min/max: the windows' memory. */
public record Recommendation(Instant at, int replicas) {}
