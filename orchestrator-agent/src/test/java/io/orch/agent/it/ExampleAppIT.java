package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.orch.agent.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/app runs as a Compose user runs it: `orch up` in its folder, no -f, finds compose.yaml and
 * compose.override.yaml, resolves `extends` from common.yaml, builds the image, mounts the secret and the config, and
 * converges; an edited build context and `orch up --build` roll the service to the new image.
 */
class ExampleAppIT extends AgentItBase {
  @TempDir Path dir;

  record Run(int exit, String out) {}

  @AfterEach
  void removeBuiltImage() {
    try {
      docker.removeImageCmd(stack + "-web").withForce(true).exec();
    } catch (NotFoundException alreadyGone) {
      // the test failed before building
    }
  }

  private Run orch(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(agent.cli(args));
    cmd.addAll(List.of("-p", stack, "--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("orch " + String.join(" ", args) + " finished").isTrue();
    return new Run(p.exitValue(), out);
  }

  private static void copyExample(Path target) throws IOException {
    Path source = Path.of("..", "examples", "app");
    assertThat(source).as("examples/app in the repository").isDirectory();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path to = target.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
  }

  private String exec(Container c, String... command) throws InterruptedException {
    String id = docker.execCreateCmd(c.getId()).withCmd(command).withAttachStdout(true).withAttachStderr(true)
        .exec().getId();
    StringBuilder text = new StringBuilder();
    docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    return text.toString();
  }

  private Container runningWeb() {
    List<Container> web = containers("web");
    assertThat(web).as("web replicas (compose.override.yaml asks for 1)").hasSize(1);
    assertThat(web.get(0).getState()).isEqualTo("running");
    return web.get(0);
  }

  @Test
  void upInTheFolderBuildsMountsSecretAndConfigAndUpBuildRollsToTheNewImage() throws Exception {
    copyExample(dir);
    if (docker.listImagesCmd().withImageNameFilter("busybox:1.36").exec().isEmpty()) {
      TestImages.tagAs(TestImages.busybox(), "busybox:1.36"); // the example's FROM, as examples/offline-images.sh
    }

    Run up = orch("up", "--timeout", "3m");

    assertThat(up.exit()).as(up.out()).isZero();
    assertThat(up.out()).contains("web: step 1/3 : FROM busybox:1.36");
    Container first = runningWeb();
    InspectContainerResponse inspected = docker.inspectContainerCmd(first.getId()).exec();
    assertThat(inspected.getConfig().getUser()).as("user from common.yaml (extends)").isEqualTo("65534:65534");
    assertThat(inspected.getConfig().getEnv()).as("environment from compose.override.yaml")
        .contains("LEVEL=dev", "DB_PASSWORD_FILE=/run/secrets/db_password");
    assertThat(exec(first, "cat", "/run/secrets/db_password")).isEqualTo("correct-horse-battery-staple\n");
    assertThat(exec(first, "cat", "/etc/motd")).contains("welcome to app, have a nice day");
    assertThat(exec(first, "cat", "/www/index.html")).contains("v1");

    Files.writeString(dir.resolve("web/index.html"), "<p>hello from a built image, v2</p>\n");
    Run rebuilt = orch("up", "--build", "--timeout", "3m");

    assertThat(rebuilt.exit()).as(rebuilt.out()).isZero();
    String newImage = docker.inspectImageCmd(stack + "-web").exec().getId();
    assertThat(newImage).isNotEqualTo(first.getImageId());
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      Container now = runningWeb();
      assertThat(now.getId()).isNotEqualTo(first.getId());
      assertThat(now.getImageId()).isEqualTo(newImage);
      assertThat(exec(now, "cat", "/www/index.html")).contains("v2");
      assertThat(exec(now, "cat", "/run/secrets/db_password")).isEqualTo("correct-horse-battery-staple\n");
    });
  }
}
