package io.orch.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `docker compose -p shop ps`: Compose's global flags may stand before the verb. orch's commands declare them
 * themselves, so the flags found before the verb are moved behind it, in their long form ({@code -f} is
 * {@code --file}, since `logs -f` means follow): `orch -p shop -f a.yml up -d` runs as `orch up --project-name shop
 * --file a.yml -d`. A command that does not take such a flag says so, as it would after the verb.
 */
final class LeadingOptions {
  /** The global flags (every spelling) and the long form each becomes; each takes a value. */
  private static final Map<String, String> FLAGS = Map.of(
      "-f", "--file", "--file", "--file",
      "-p", "--project-name", "--project-name", "--project-name",
      "--profile", "--profile");

  private LeadingOptions() {}

  /** The arguments with the global flags before the verb moved behind it; unchanged when there are none. */
  static String[] hoist(String[] args) {
    List<String> moved = new ArrayList<>();
    int i = 0;
    while (i < args.length) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      String attachedShort = null;
      if (!FLAGS.containsKey(name) && arg.length() > 2 && (arg.startsWith("-f") || arg.startsWith("-p"))
          && !arg.startsWith("--")) {
        attachedShort = arg.substring(2); // -fcompose.yaml, -pshop
        name = arg.substring(0, 2);
      }
      if (!FLAGS.containsKey(name)) {
        break;
      }
      String value;
      if (attachedShort != null) {
        value = attachedShort;
      } else if (name.length() < arg.length()) {
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        return args; // a flag without its value: picocli says what is missing
      }
      moved.add(FLAGS.get(name));
      moved.add(value);
      i++;
    }
    if (moved.isEmpty() || i >= args.length) {
      return args; // no global flag, or no verb after them: picocli reports it as before
    }
    List<String> out = new ArrayList<>();
    out.add(args[i]);
    out.addAll(moved);
    out.addAll(List.of(args).subList(i + 1, args.length));
    return out.toArray(String[]::new);
  }
}
