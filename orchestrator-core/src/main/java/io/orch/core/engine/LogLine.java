package io.orch.core.engine;

import java.time.Instant;

/** One line a container wrote: {@code stderr} tells the two streams apart; {@code time} is the engine's (nullable). */
public record LogLine(boolean stderr, Instant time, String text) {}
