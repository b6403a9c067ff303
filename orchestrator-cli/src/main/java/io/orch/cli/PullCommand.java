package io.orch.cli;

import io.orch.cli.engine.BuildException;
import io.orch.cli.engine.ImagePuller;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `orch pull [SERVICE...]`: pulls the images of the stack's services through the local engine, as docker compose
 * pull does; services with build: are skipped (their image is built, not pulled). Submits nothing.
 */
@Command(name = "pull", mixinStandardHelpOptions = true,
    description = "Pull the images of the stack's services (all of them when none is named); build: services are"
        + " skipped.")
final class PullCommand implements Callable<Integer> {
  @Mixin StackFileOptions stackFile;

  @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to pull (default: all).")
  List<String> services = List.of();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Stack stack = stackFile.loadOrFail(err).stack();
    for (String name : services) {
      if (stack.service(name) == null) {
        throw CliException.badInput("no service " + name + " in stack " + stack.name() + " (services: "
            + String.join(", ", stack.services().keySet()) + ")");
      }
    }
    // One pull per image: several services often share one.
    Map<String, List<String>> images = new LinkedHashMap<>();
    for (ServiceSpec service : stack.services().values()) {
      if (!services.isEmpty() && !services.contains(service.name())) {
        continue;
      }
      if (service.build() != null) {
        out.println(service.name() + ": has build:, skipped (orch build builds " + service.image() + ")");
        continue;
      }
      images.computeIfAbsent(service.image(), i -> new ArrayList<>()).add(service.name());
    }
    List<String> failed = new ArrayList<>();
    try (ImagePuller puller = ImagePuller.fromEnvironment()) {
      images.forEach((image, users) -> {
        String who = String.join(", ", users);
        out.println(who + ": pulling " + image);
        out.flush();
        try {
          puller.pull(image, line -> {
            out.println(who + ": " + line);
            out.flush();
          });
          out.println(who + ": pulled " + image);
        } catch (BuildException e) {
          err.println(who + ": " + e.getMessage());
          failed.add(image);
        }
        out.flush();
        err.flush();
      });
    } catch (IOException e) {
      // closing the engine client; the pulls are done by then
    }
    if (!failed.isEmpty()) {
      throw CliException.failed("could not pull " + String.join(", ", failed));
    }
    return 0;
  }
}
