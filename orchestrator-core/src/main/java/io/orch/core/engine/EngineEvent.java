package io.orch.core.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One engine event. {@code type} is "container", "network", "volume", ...; {@code action} is the engine's action
 * ("die", "start", "health_status: unhealthy", "oom", "destroy"); {@code attributes} include the object's labels and,
 * for "die", "exitCode".
 */
public record EngineEvent(String type, String action, String id, Map<String, String> attributes, Instant time) {
  public EngineEvent {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
