package io.orch.core.load;

/**
 * Counts what the tree of one document costs as {@link YamlTreeReader} builds it, aliases expanded, and stops the
 * read before a limit of {@link ParserLimits} is passed. An alias is charged before its copy is made (from the
 * {@link Weight} of its anchor), so an alias bomb is refused after about {@code MAX_NODES} nodes of work, not 9^9.
 */
final class ExpansionBudget {
  private int aliases;
  private long nodes;
  private long pathChars;
  private long textChars;

  /**
   * What a subtree cost where it was read: its nodes, the characters of their key paths and of their scalar text,
   * and the length of its own path (a copy elsewhere swaps that prefix in every path below).
   */
  record Weight(long nodes, long pathChars, long textChars, int rootPathLength) {
    /** The same subtree copied to a path of {@code newPathLength} characters. */
    Weight movedTo(int newPathLength) {
      return new Weight(nodes, pathChars + nodes * (newPathLength - (long) rootPathLength), textChars, newPathLength);
    }
  }

  /** A reading position, to measure the weight of what was read since. */
  record Mark(long nodes, long pathChars, long textChars) {}

  /** Thrown out of the read when a limit is reached; the reader reports it at the node where it happened. */
  static final class Exceeded extends RuntimeException {
    private final String hint;

    Exceeded(String message, String hint) {
      super(message, null, false, false);
      this.hint = hint;
    }

    String hint() {
      return hint;
    }
  }

  Mark mark() {
    return new Mark(nodes, pathChars, textChars);
  }

  /** Charges one node read from the text. */
  void chargeNode(String path, String text) {
    charge(new Weight(1, path.length(), text.length(), path.length()));
  }

  /** The weight of everything read since {@code start}: the subtree at {@code path} that was just read. */
  Weight since(Mark start, String path) {
    return new Weight(nodes - start.nodes(), pathChars - start.pathChars(), textChars - start.textChars(),
        path.length());
  }

  /** Charges one alias use and the copy it makes. */
  void chargeAlias(Weight copy) {
    if (++aliases > ParserLimits.MAX_ALIASES) {
      throw new Exceeded("more than " + ParserLimits.MAX_ALIASES + " YAML aliases in one document",
          "a stack file needs far fewer; write repeated values out or use fewer anchors");
    }
    charge(copy);
  }

  /** Charges a copy made by a {@code <<} merge key. */
  void chargeCopy(Weight copy) {
    charge(copy);
  }

  private void charge(Weight more) {
    nodes += more.nodes();
    pathChars += more.pathChars();
    textChars += more.textChars();
    if (nodes > ParserLimits.MAX_NODES) {
      throw new Exceeded("the document expands to more than " + ParserLimits.MAX_NODES
          + " values (YAML aliases and merge keys are expanded)",
          "this looks like an alias bomb; a stack file needs far fewer values");
    }
    if (pathChars + textChars > ParserLimits.MAX_EXPANDED_CHARS) {
      throw new Exceeded("the document expands to more than " + ParserLimits.MAX_EXPANDED_CHARS
          + " characters of keys and values (YAML aliases and merge keys are expanded)",
          "shorten long keys or values that aliases repeat");
    }
  }
}
