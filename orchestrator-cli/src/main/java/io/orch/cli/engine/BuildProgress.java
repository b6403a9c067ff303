package io.orch.cli.engine;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads the classic builder's stream: each {@code Step N/M : INSTRUCTION} line goes to the progress sink, the output
 * of the current step is kept (only the failing step's output is shown, as a user needs no more), and the first
 * error item or the built image id ends the build.
 */
final class BuildProgress extends ResultCallback.Adapter<BuildResponseItem> {
  private static final Pattern STEP = Pattern.compile("^Step \\d+/\\d+ : .*");
  /** The classic builder paints a step's stderr red with ANSI codes; a log or a pipe wants the plain text. */
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*m");
  /** Enough of a step's output to see why it failed, without holding a chatty step's whole log. */
  private static final int KEPT_LINES = 200;

  private final Consumer<String> steps;
  private final List<String> stepOutput = new ArrayList<>();
  private String currentStep;
  private String error;
  private String imageId;

  BuildProgress(Consumer<String> steps) {
    this.steps = steps;
  }

  @Override
  @SuppressWarnings("deprecation") // getError(): older engines send only the plain "error" field
  public synchronized void onNext(BuildResponseItem item) {
    if (item.isErrorIndicated()) {
      String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
          ? item.getErrorDetail().getMessage() : item.getError();
      if (error == null) {
        error = message == null ? "unknown build error" : message.strip();
      }
      return;
    }
    if (item.getImageId() != null) {
      imageId = item.getImageId(); // from aux.ID or "Successfully built <id>"
    }
    String text = item.getStream();
    if (text == null) {
      return;
    }
    for (String line : ANSI.matcher(text).replaceAll("").split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (STEP.matcher(line).matches()) {
        currentStep = line;
        stepOutput.clear();
        steps.accept("step " + line.substring("Step ".length()));
      } else if (!line.startsWith(" ---> ") && !line.startsWith("Removing intermediate container")) {
        if (stepOutput.size() == KEPT_LINES) {
          stepOutput.remove(0);
        }
        stepOutput.add(line);
      }
    }
  }

  /** Rethrows an HTTP-level failure of the build request itself (the engine refused it, or went away). */
  void rethrowRequestFailure() {
    throwFirstError();
  }

  /** The image id, or a BuildException saying what failed and showing the failing step's output. */
  synchronized String result() {
    if (error != null) {
      String where = currentStep == null ? "" : " at " + currentStep.replaceFirst("^Step ", "step ");
      throw new BuildException("build failed" + where + ": " + error, stepOutput);
    }
    if (imageId == null) {
      throw new BuildException("the engine ended the build without an image id", stepOutput);
    }
    return imageId;
  }
}
