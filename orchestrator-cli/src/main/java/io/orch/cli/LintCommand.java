package io.orch.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.orch.core.lint.Finding;
import io.orch.core.lint.LintReport;
import io.orch.core.lint.Linter;
import io.orch.core.lint.Severity;
import io.orch.core.lint.SourceText;
import io.orch.core.load.LoadResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `orch lint`: production hygiene of a stack file; exit 1 when an error-level rule fires. Needs no agent. */
@Command(name = "lint", mixinStandardHelpOptions = true,
    description = {"Check a stack file for what hurts in production: unpinned images, root, no health check, no"
        + " limits, host access, literal secrets, public database ports.",
        "Exit code: 0 no error-level finding, 1 an error-level rule fired, 2 bad usage or invalid stack file.",
        "Rules and fixes: docs/lint.md."})
public final class LintCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "text (one finding per line, file:line:column first) or json (default ${DEFAULT-VALUE}).")
  String output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    String format = output.toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json") && !format.equals("table")) {
      throw CliException.badInput("--output must be text or json, got " + output);
    }
    LoadResult loaded = stackFile.loadOrFail(spec.commandLine().getErr());
    LintReport report = new Linter().lint(loaded, SourceText.fromFiles());
    if (format.equals("json")) {
      out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
          .writeValueAsString(report.findings()));
    } else {
      for (Finding f : report.findings()) {
        out.println(f);
      }
      out.println(report.count(Severity.ERROR) + " error(s), " + report.count(Severity.WARNING) + " warning(s), "
          + report.count(Severity.INFO) + " info");
    }
    out.flush();
    return report.hasErrors() ? 1 : 0;
  }
}
