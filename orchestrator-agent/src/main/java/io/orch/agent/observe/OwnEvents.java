package io.orch.agent.observe;

/**
 * The events the engine will send back for what orch itself just did. The plan executor says, right before a create
 * or a start, which event of which container it is about to cause; the executor then looks at the container itself
 * (its refresh after the action), so that echo carries nothing new and costs no second inspect and no second pass.
 * A call that fails is cancelled (the engine may not send the event at all, and a later event of the same kind must be
 * looked at).
 */
public interface OwnEvents {
  /** The container actions whose echo orch expects: those its executor issues on a container by name. */
  enum Echo {
    CREATE("create"), START("start");

    private final String action;

    Echo(String action) {
      this.action = action;
    }

    /** The engine's action name of the event. */
    public String action() {
      return action;
    }
  }

  /** Expects one {@code echo} event of the container named {@code container}; call it before the engine call. */
  void expect(String container, Echo echo);

  /** The call failed or its outcome is unknown: the event, if it comes, is looked at like any other. */
  void cancel(String container, Echo echo);

  /** Expects nothing: every event is looked at. */
  OwnEvents NONE = new OwnEvents() {
    @Override
    public void expect(String container, Echo echo) {}

    @Override
    public void cancel(String container, Echo echo) {}
  };
}
