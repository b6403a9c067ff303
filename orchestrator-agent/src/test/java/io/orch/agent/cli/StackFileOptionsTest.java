package io.orch.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Which files and which stack a command acts on, as Compose decides it. No engine needed. */
class StackFileOptionsTest {
  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void findsTheStackFileAndTheOverrideFileBesideIt() throws IOException {
    Path compose = file("compose.yaml", "services: {}\n");
    Path override = file("compose.override.yaml", "services: {}\n");
    assertThat(StackFileOptions.discover(dir, new PrintWriter(err))).containsExactly(compose, override);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void prefersComposeYamlOverStackYmlAndSaysSo() throws IOException {
    Path compose = file("compose.yaml", "services: {}\n");
    file("stack.yml", "services: {}\n");
    assertThat(StackFileOptions.discover(dir, new PrintWriter(err))).containsExactly(compose);
    assertThat(err.toString()).contains("using " + compose);
  }

  @Test
  void anOverrideFileAloneIsNoStack() throws IOException {
    file("compose.override.yaml", "services: {}\n");
    assertThat(StackFileOptions.discover(dir, new PrintWriter(err))).isEmpty();
  }

  @Test
  void dashPWinsOverTheStackFileItWouldOtherwiseRead() throws IOException {
    StackFileOptions options = new StackFileOptions();
    options.files = List.of(file("stack.yml", "name: mine\nservices: {web: {image: x}}\n"));
    options.projectName = "other";
    assertThat(options.stackNameOrFail(new PrintWriter(err))).isEqualTo("other");
    options.projectName = null;
    assertThat(options.stackNameOrFail(new PrintWriter(err))).isEqualTo("mine");
  }

  @Test
  void configMergesRepeatedFilesInOrder() throws IOException {
    Path base = file("compose.yaml", """
        name: demo
        services:
          web: {image: nginx:1, environment: {A: "1"}, ports: ["8080:80"]}
        """);
    Path override = file("prod.yaml", """
        services:
          web: {image: nginx:2, environment: {B: "2"}}
        """);
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new ConfigCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute("-f", base.toString(), "-f", override.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("image: nginx:2", "A: \"1\"", "B: \"2\"", "published: \"8080\"");
  }
}
