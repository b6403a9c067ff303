package io.orch.core.load;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * How much a stack file may make the loader do, the same in the CLI and the agent (which loads request bodies, YAML
 * and JSON alike, with this loader). Each bound is far above a real Compose file and far below what would hurt the
 * agent: a 444-byte alias bomb would otherwise expand to 9^9 nodes.
 *
 * <p>Which library option does what was checked (YamlLibraryLimitsTest): SnakeYAML's code point limit and Jackson's
 * nesting depth are enforced by the event-level parser Jackson uses, so they are set here. SnakeYAML's
 * {@code maxAliasesForCollections} and {@code nestingDepthLimit} only act in its Composer, which Jackson does not use,
 * and Jackson sees an alias as one token; so {@link ExpansionBudget} counts aliases and what they expand to while
 * {@link YamlTreeReader} builds the tree.
 */
final class ParserLimits {
  /** Bytes of a stack file read from disk, and code points of a text; the API caps bodies at 1 MiB too. */
  static final int MAX_DOCUMENT_SIZE = 1024 * 1024;
  /** Levels of nested mappings and sequences; Compose needs about 6, {@code x-} extensions a few more. */
  static final int MAX_NESTING_DEPTH = 64;
  /** Alias uses (*name) in one document. */
  static final int MAX_ALIASES = 1_000;
  /** Values (mappings, sequences, scalars) after expanding aliases and merge keys. */
  static final int MAX_NODES = 100_000;
  /**
   * Characters of key paths and scalar text after expansion: what the tree, interpolation and the normalized output
   * hold. Bounds long keys repeated in many paths as well as long strings repeated by aliases.
   */
  static final long MAX_EXPANDED_CHARS = 8L * 1024 * 1024;

  private ParserLimits() {}

  static YAMLFactory yamlFactory() {
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(MAX_DOCUMENT_SIZE);
    return new ScalarAnchorYamlFactory(YAMLFactory.builder()
        .loaderOptions(loader)
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)); // `key:` with nothing is null, `key: ""` stays ""
  }
}
