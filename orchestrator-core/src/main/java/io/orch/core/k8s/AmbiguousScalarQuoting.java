package io.orch.core.k8s;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Quotes every string that some YAML reader would type as something else. Jackson's own checker (with
 * ALWAYS_QUOTE_NUMBERS_AS_STRINGS) already quotes YAML 1.1's booleans, sexagesimal numbers ({@code 12:00}),
 * timestamps and YAML 1.2's {@code 0o17}, but not the merge key {@code <<} (SnakeYAML then fails to read the
 * document) nor a blank value (read as null). Asking SnakeYAML's own YAML 1.1 resolver, plus YAML 1.2's core-schema
 * numbers for kubectl's Go reader, keeps the rule complete whatever Jackson's checker does in a later version.
 */
final class AmbiguousScalarQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;
  private static final Resolver YAML_1_1 = new Resolver();
  private static final Pattern YAML_1_2_NUMBER = Pattern.compile("0o[0-7]+|0x[0-9a-fA-F]+"
      + "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  @Override
  public boolean needToQuoteName(String name) {
    return super.needToQuoteName(name) || ambiguous(name);
  }

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value) || ambiguous(value);
  }

  static boolean ambiguous(String s) {
    return s.isBlank() || !Tag.STR.equals(YAML_1_1.resolve(NodeId.scalar, s, true))
        || YAML_1_2_NUMBER.matcher(s).matches();
  }
}
