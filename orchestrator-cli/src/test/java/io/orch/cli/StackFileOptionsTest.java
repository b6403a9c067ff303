package io.orch.cli;

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

  @Test
  void composeFileNamesTheFilesWhenDashFDoesNot() throws IOException {
    Path a = file("a.yaml", "name: fromvar\nservices: {web: {image: x}}\n");
    Path b = file("b.yaml", "services: {web: {environment: {B: \"2\"}}}\n");
    file("compose.yaml", "name: discovered\nservices: {web: {image: x}}\n");
    StackFileOptions options = new StackFileOptions();
    options.environment = java.util.Map.of("COMPOSE_FILE", a + java.io.File.pathSeparator + b);
    assertThat(options.resolveFiles(dir, new PrintWriter(err))).containsExactly(a, b);
    options.environment = java.util.Map.of("COMPOSE_FILE", "a.yaml;b.yaml", "COMPOSE_PATH_SEPARATOR", ";");
    assertThat(options.resolveFiles(dir, new PrintWriter(err))).containsExactly(dir.resolve("a.yaml"),
        dir.resolve("b.yaml"));
    options.files = List.of(a);
    assertThat(options.resolveFiles(dir, new PrintWriter(err))).as("-f wins").containsExactly(a);
    options.files = new java.util.ArrayList<>();
    options.environment = java.util.Map.of("COMPOSE_FILE", "missing.yaml");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> options.resolveFiles(dir, new PrintWriter(err)))
        .hasMessageContaining("missing.yaml (named in COMPOSE_FILE) not found");
  }

  @Test
  void composeProjectNameNamesTheStackWhenDashPDoesNot() throws IOException {
    StackFileOptions options = new StackFileOptions();
    options.files = List.of(file("stack.yml", "name: mine\nservices: {web: {image: x}}\n"));
    options.environment = java.util.Map.of("COMPOSE_PROJECT_NAME", "shop");
    assertThat(options.stackNameOrFail(new PrintWriter(err))).isEqualTo("shop");
    assertThat(options.loadOrFail(new PrintWriter(err)).stack().name()).isEqualTo("shop");
    options.projectName = "other";
    assertThat(options.stackNameOrFail(new PrintWriter(err))).as("-p wins").isEqualTo("other");
  }

  @Test
  void composeProfilesAddToDashDashProfileAndAreWhatIsSent() throws IOException {
    StackFileOptions options = new StackFileOptions();
    options.files = List.of(file("stack.yml", """
        name: shop
        services:
          web: {image: x}
          debug: {image: x, profiles: [debug]}
          tools: {image: x, profiles: [tools]}
        """));
    options.environment = java.util.Map.of("COMPOSE_PROFILES", "tools");
    options.profiles = List.of("debug");
    var loaded = options.loadOrFail(new PrintWriter(err));
    assertThat(loaded.stack().services()).containsOnlyKeys("web", "debug", "tools");
    assertThat(loaded.activeProfiles()).containsExactly("debug", "tools");
  }
}
