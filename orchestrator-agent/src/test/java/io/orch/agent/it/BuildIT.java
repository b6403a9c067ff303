package io.orch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.orch.cli.OrchCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * build: end to end against the real engine, through the CLI as a user runs it: `orch up` builds a missing image from
 * a local context and converges; a changed context and `orch up --build` roll the service to the new image; an
 * unchanged rebuild changes nothing; a failing RUN is a clear error that submits nothing.
 */
class BuildIT extends AgentItBase {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void writeStack() throws IOException {
    Files.createDirectories(dir.resolve("web"));
    Files.writeString(dir.resolve("compose.yaml"), """
        name: STACK
        services:
          web:
            build: ./web
        """.replace("STACK", stack));
    Files.writeString(dir.resolve("web/Dockerfile"), """
        FROM IMAGE
        COPY . /ctx/
        CMD ["sh", "-c", "cat /ctx/message.txt; ls /ctx; sleep 3600"]
        """.replace("IMAGE", image));
    Files.writeString(dir.resolve("web/.dockerignore"), "private.txt\n");
    Files.writeString(dir.resolve("web/message.txt"), "hello v1\n");
    Files.writeString(dir.resolve("web/private.txt"), "not for the image\n");
  }

  @AfterEach
  void removeBuiltImage() {
    try {
      docker.removeImageCmd(stack + "-web").withForce(true).exec();
    } catch (NotFoundException alreadyGone) {
      // the test failed before building
    }
  }

  private Run orch(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = OrchCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-f", dir.resolve("compose.yaml").toString()));
    if (!args[0].equals("build")) {
      all.addAll(List.of("--addr", agent.addr(), "--state-dir", agent.stateDir().toString()));
    }
    int exit = cl.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private String logs(Container c) throws InterruptedException {
    StringBuilder text = new StringBuilder();
    docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion();
    return text.toString();
  }

  private Container running() {
    List<Container> web = containers("web");
    assertThat(web).hasSize(1);
    assertThat(web.get(0).getState()).isEqualTo("running");
    return web.get(0);
  }

  @Test
  void upBuildsTheMissingImageAndUpBuildRollsTheServiceToTheNewOne() throws Exception {
    Run up = orch("up", "--timeout", "2m");

    assertThat(up.exit()).as(up.out() + up.err()).isZero();
    assertThat(up.out()).contains("web: building " + stack + "-web from " + dir.resolve("web"))
        .contains("web: step 1/3 : FROM " + image).contains("web: step 3/3 : CMD");
    Container first = running();
    String firstImage = docker.inspectImageCmd(stack + "-web").exec().getId();
    assertThat(first.getImageId()).isEqualTo(firstImage);
    assertThat(first.getLabels()).containsEntry("com.docker.compose.image", firstImage);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(logs(first)).contains("hello v1").contains("message.txt").doesNotContain("private.txt"));

    // Same context, rebuilt: the same image id, so nothing rolls.
    Run rebuiltUnchanged = orch("up", "--build", "--timeout", "2m");
    assertThat(rebuiltUnchanged.exit()).as(rebuiltUnchanged.out() + rebuiltUnchanged.err()).isZero();
    assertThat(rebuiltUnchanged.out()).contains("(unchanged)").contains("nothing to change");
    assertThat(running().getId()).isEqualTo(first.getId());

    Files.writeString(dir.resolve("web/message.txt"), "hello v2\n");
    Run rebuilt = orch("up", "--build", "--timeout", "2m");

    assertThat(rebuilt.exit()).as(rebuilt.out() + rebuilt.err()).isZero();
    String secondImage = docker.inspectImageCmd(stack + "-web").exec().getId();
    assertThat(secondImage).isNotEqualTo(firstImage);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      Container now = running();
      assertThat(now.getId()).isNotEqualTo(first.getId());
      assertThat(now.getImageId()).isEqualTo(secondImage);
      assertThat(logs(now)).contains("hello v2");
    });
  }

  @Test
  void aDockerfileFromOutsideTheContextDoesNotEndUpInTheImage() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: STACK
        services:
          web:
            build:
              context: ./web
              dockerfile: ../Dockerfile.outside
        """.replace("STACK", stack));
    Files.writeString(dir.resolve("Dockerfile.outside"), """
        FROM IMAGE
        COPY . /ctx/
        CMD ["sh", "-c", "ls -a /ctx; echo listed; sleep 3600"]
        """.replace("IMAGE", image));

    Run up = orch("up", "--timeout", "2m");

    assertThat(up.exit()).as(up.out() + up.err()).isZero();
    Container web = running();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(logs(web)).contains("listed")
        .contains("message.txt").doesNotContain(".dockerfile.orch").doesNotContain(".dockerignore")
        .doesNotContain("private.txt"));
  }

  @Test
  void aFailingRunStepIsAClearErrorThatSubmitsNothing() throws Exception {
    Files.writeString(dir.resolve("web/Dockerfile"), """
        FROM IMAGE
        RUN echo checking the config && echo config is broken >&2 && exit 3
        CMD ["sleep", "3600"]
        """.replace("IMAGE", image));

    Run up = orch("up", "--timeout", "1m");

    assertThat(up.exit()).isEqualTo(1);
    assertThat(up.out()).contains("web: step 2/3 : RUN echo checking the config");
    assertThat(up.err()).contains("web | checking the config").contains("web | config is broken")
        .contains("orch: service web: build failed at step 2/3 : RUN echo checking the config")
        .contains("returned a non-zero code: 3").contains("nothing was submitted")
        .doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(client().stack(stack)).isEmpty();
  }

  @Test
  void buildBuildsOnlyAndNamesAnUnknownService() {
    Run build = orch("build", "web", "--no-cache");

    assertThat(build.exit()).as(build.out() + build.err()).isZero();
    assertThat(build.out()).contains("web: built " + stack + "-web");
    assertThat(docker.inspectImageCmd(stack + "-web").exec().getId()).startsWith("sha256:");
    assertThat(client().stack(stack)).isEmpty();

    Run unknown = orch("build", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("no service nope in stack " + stack + " (services: web)");
  }
}
