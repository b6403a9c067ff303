package io.orch.cli;

import io.orch.cli.engine.ImageBuilder;
import io.orch.core.load.LoadResult;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `orch build [SERVICE...]`: builds the images of build: services on the local engine; submits nothing. */
@Command(name = "build", mixinStandardHelpOptions = true,
    description = "Build the images of services that have a build: section (all of them when none is named).")
final class BuildCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to build (default: all with build:).")
  List<String> services = List.of();

  @Option(names = "--no-cache", description = "Do not use the engine's layer cache.")
  boolean noCache;

  @Option(names = "--pull", description = "Always pull a newer version of the base images.")
  boolean pull;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LoadResult loaded = stackFile.loadOrFail(err);
    Stack stack = loaded.stack();
    for (String name : services) {
      ServiceSpec service = stack.service(name);
      if (service == null) {
        throw CliException.badInput("no service " + name + " in stack " + stack.name() + " (services: "
            + String.join(", ", stack.services().keySet()) + ")");
      }
      if (service.build() == null) {
        out.println(name + ": no build: section, nothing to build (image " + service.image() + ")");
      }
    }
    if (!StackImages.anyBuilds(stack, services)) {
      out.println("stack " + stack.name() + ": nothing to build");
      return 0;
    }
    new StackImages(out, err).prepare(stack, services, StackImages.When.ALWAYS,
        new ImageBuilder.Overrides(noCache, pull));
    return 0;
  }
}
