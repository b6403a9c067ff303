package io.orch.agent.desired;

import io.orch.core.load.Diagnostic;
import java.util.List;

/**
 * Why the desired state refused a request and changed nothing: what, where, and how to fix it. {@link Kind} is what the
 * HTTP adapter maps to a status code; {@code diagnostics} say where in a submitted file, {@code fields} which field of
 * a request.
 */
public final class Refusal extends RuntimeException {
  public enum Kind {
    /** The body holds characters a stack cannot contain, or is not YAML (nor JSON) at all. */
    BAD_INPUT,
    /** The stack file breaks the rules of a stack. */
    INVALID_STACK,
    /** No such stack or service. */
    NOT_FOUND,
    /** The request contradicts the stack's state (autoscaled, unreadable, nothing to roll back to). */
    CONFLICT,
    /** A well-formed request that cannot be done (beyond the replica limit, container_name with replicas...). */
    UNPROCESSABLE,
    /** The state dir refused the write. */
    NO_STORAGE
  }

  private final Kind kind;
  private final List<Diagnostic> diagnostics;
  private final List<String> fields;

  private Refusal(Kind kind, String message, List<Diagnostic> diagnostics, List<String> fields) {
    super(message);
    this.kind = kind;
    this.diagnostics = List.copyOf(diagnostics);
    this.fields = List.copyOf(fields);
  }

  public static Refusal of(Kind kind, String message) {
    return new Refusal(kind, message, List.of(), List.of());
  }

  public static Refusal inFile(Kind kind, String message, List<Diagnostic> diagnostics) {
    return new Refusal(kind, message, diagnostics, List.of());
  }

  public static Refusal ofFields(String message, String... fields) {
    return new Refusal(Kind.UNPROCESSABLE, message, List.of(), List.of(fields));
  }

  public Kind kind() {
    return kind;
  }

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  public List<String> fields() {
    return fields;
  }
}
