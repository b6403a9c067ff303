package io.orch.agent.state;

import java.nio.file.Path;

/**
 * A stack file in the state dir that the agent cannot read or parse. The agent does not know what the stack should
 * be, so it acts on none of its objects; the file stays for a person to look at until a new submit replaces it.
 */
public record UnreadableStack(String name, Path file, String reason) {}
