package io.orch.api.client;

/** Nothing answered at the agent's address (refused, or no answer in time); the message says what to do. */
public class AgentUnreachableException extends RuntimeException {
  public AgentUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
