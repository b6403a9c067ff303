package io.orch.api.dto;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What orch decided about restarting a replica that exited (or turned unhealthy) and is not restarted right now:
 * {@code decision}; {@code reason} and {@code exitCode} (null when unhealthy) of what happened; {@code number}, the
 * restart it would be (0 for no_restart); {@code due} when a waiting restart is due (null otherwise); {@code text}
 * the same in words, as the service's notes say it ("exited 1, restart 3 in 4s").
 */
public record RestartDto(Decision decision, Reason reason, Integer exitCode, int number, Instant due, String text) {
  public enum Decision {
    /** A restart is due at {@code due} (a backoff). */
    @JsonProperty("wait") WAIT,
    /** max_attempts is exhausted: orch leaves it and the service has failed. */
    @JsonProperty("give_up") GIVE_UP,
    /** Its restart policy lets the exit stand (e.g. exit 0 under on-failure). */
    @JsonProperty("no_restart") NO_RESTART
  }

  public enum Reason {
    @JsonProperty("exit") EXIT,
    @JsonProperty("unhealthy") UNHEALTHY,
    @JsonProperty("oom") OOM
  }
}
