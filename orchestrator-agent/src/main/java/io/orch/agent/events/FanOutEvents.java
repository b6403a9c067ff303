package io.orch.agent.events;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every event to several sinks in order (log, metrics, ...); a failing sink never starves the others. */
public final class FanOutEvents implements AgentEvents {
  private static final Logger log = LoggerFactory.getLogger(FanOutEvents.class);

  private final List<AgentEvents> sinks;

  public FanOutEvents(List<AgentEvents> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void emit(AgentEvent event) {
    for (AgentEvents sink : sinks) {
      try {
        sink.emit(event);
      } catch (RuntimeException e) {
        log.warn("event sink {} failed on {}: {}", sink.getClass().getSimpleName(), event.type(), e.toString());
      }
    }
  }
}
