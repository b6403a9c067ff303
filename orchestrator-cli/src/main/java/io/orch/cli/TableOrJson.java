package io.orch.cli;

import picocli.CommandLine.Option;

/** `-o/--output table|json`, shared by the commands that print a table for people and JSON for scripts. */
final class TableOrJson {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default ${DEFAULT-VALUE}).")
  OutputFormat format;

  boolean json() {
    return format == OutputFormat.JSON;
  }
}
