package io.orch.agent.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every event at INFO: the state changes a user cares about. */
public final class LoggingEvents implements AgentEvents {
  private static final Logger log = LoggerFactory.getLogger("io.orch.events");

  @Override
  public void emit(AgentEvent e) {
    String subject = e.container() != null ? e.container() : e.service() != null ? e.stack() + "/" + e.service()
        : e.stack() != null ? e.stack() : "agent";
    log.info("{} {}: {}", e.type(), subject, e.message());
  }
}
