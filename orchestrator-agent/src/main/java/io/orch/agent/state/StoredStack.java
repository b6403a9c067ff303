package io.orch.agent.state;

import io.orch.core.model.Stack;
import java.time.Instant;

/**
 * A submitted stack as the agent keeps it: the desired model plus bookkeeping. {@code deleting} marks a stack that
 * `orch down` asked to remove; it stays stored until every object of it is gone, so a crash mid-removal loses nothing.
 */
public record StoredStack(
    Stack stack, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes) {

  public String name() {
    return stack.name();
  }

  public StoredStack withStack(Stack newStack, Instant now) {
    return new StoredStack(newStack, generation + 1, now, false, false);
  }

  public StoredStack markedForRemoval(boolean volumes) {
    return new StoredStack(stack, generation + 1, submittedAt, true, volumes);
  }
}
