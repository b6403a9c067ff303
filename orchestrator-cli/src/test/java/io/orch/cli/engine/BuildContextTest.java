package io.orch.cli.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into the build context the engine receives: .dockerignore as the docker CLI reads it. */
class BuildContextTest {
  @TempDir Path context;

  private void write(String name, String text) throws IOException {
    Path p = context.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static Map<String, String> entries(BuildContext.Packed packed) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(packed.tar()); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        out.put(e.getName(), e.isDirectory() ? "<dir>" : new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(packed.tar());
    }
    return out;
  }

  @Test
  void leavesOutWhatDockerignoreExcludesButAlwaysSendsTheDockerfileAndTheIgnoreFile() throws IOException {
    write("Dockerfile", "FROM busybox:1.36\n");
    write(".dockerignore", "# secrets stay home\n/secret.txt\n*.log\nnode_modules\n**/*.tmp\nDockerfile\n"
        + "docs/*\n!docs/keep.md\n");
    write("app.txt", "app");
    write("secret.txt", "s3cr3t");
    write("debug.log", "log");
    write("node_modules/x/index.js", "js");
    write("src/a/b.tmp", "tmp");
    write("src/a/b.java", "java");
    write("docs/drop.md", "drop");
    write("docs/keep.md", "keep");

    BuildContext.Packed packed = BuildContext.pack(context, null, null);

    assertThat(packed.dockerfilePath()).isEqualTo("Dockerfile");
    assertThat(entries(packed).keySet()).containsExactlyInAnyOrder(".dockerignore", "Dockerfile", "app.txt",
        "docs/", "docs/keep.md", "src/", "src/a/", "src/a/b.java");
  }

  @Test
  void sendsAnInlineDockerfileUnderAFixedNameBesideTheContext() throws IOException {
    write("app.txt", "app");

    BuildContext.Packed packed = BuildContext.pack(context, null, "FROM busybox:1.36\nCOPY app.txt /\n");

    assertThat(packed.dockerfilePath()).isEqualTo(BuildContext.OUTSIDE_DOCKERFILE);
    assertThat(entries(packed)).containsEntry(BuildContext.OUTSIDE_DOCKERFILE, "FROM busybox:1.36\nCOPY app.txt /\n")
        .containsEntry("app.txt", "app");
  }

  @Test
  void findsADockerfileOutsideTheContextAndOneInASubfolder() throws IOException {
    Path ctx = context.resolve("ctx");
    write("ctx/app.txt", "app");
    write("ctx/docker/Dockerfile.prod", "FROM busybox:1.36\n");
    write("Dockerfile.outside", "FROM scratch\n");

    assertThat(BuildContext.pack(ctx, "docker/Dockerfile.prod", null).dockerfilePath())
        .isEqualTo("docker/Dockerfile.prod");
    BuildContext.Packed outside = BuildContext.pack(ctx, "../Dockerfile.outside", null);
    assertThat(outside.dockerfilePath()).isEqualTo(BuildContext.OUTSIDE_DOCKERFILE);
    assertThat(entries(outside)).containsEntry(BuildContext.OUTSIDE_DOCKERFILE, "FROM scratch\n");
  }

  @Test
  void aDockerfileFromOutsideTheContextIsListedInTheIgnoreFileSentSoTheEngineLeavesItOutOfTheImage()
      throws IOException {
    write("app.txt", "app");
    write("secret.txt", "s3cr3t");
    write(".dockerignore", "secret.txt");

    Map<String, String> inline = entries(BuildContext.pack(context, null, "FROM busybox:1.36\nCOPY . /app\n"));

    assertThat(inline.keySet()).containsExactlyInAnyOrder("app.txt", ".dockerignore", BuildContext.OUTSIDE_DOCKERFILE);
    assertThat(inline.get(".dockerignore")).isEqualTo("secret.txt\n.dockerignore\n" + BuildContext.OUTSIDE_DOCKERFILE
        + "\n");
    Files.delete(context.resolve(".dockerignore"));
    assertThat(entries(BuildContext.pack(context, null, "FROM scratch\n")))
        .containsEntry(".dockerignore", ".dockerignore\n" + BuildContext.OUTSIDE_DOCKERFILE + "\n");
    write("Dockerfile", "FROM scratch\n");
    assertThat(entries(BuildContext.pack(context, null, null))).as("a Dockerfile in the context: nothing rewritten")
        .doesNotContainKey(".dockerignore");
  }

  @Test
  void saysWhatIsMissing() {
    assertThatThrownBy(() -> BuildContext.pack(context.resolve("nope"), null, null))
        .isInstanceOf(BuildException.class).hasMessage("build context " + context.resolve("nope") + " is not a folder");
    assertThatThrownBy(() -> BuildContext.pack(context, null, null))
        .isInstanceOf(BuildException.class).hasMessage("Dockerfile " + context.resolve("Dockerfile")
            + " not found (set build.dockerfile to use another file)");
  }

  @Test
  void namesTheLineOfABadIgnorePattern() {
    assertThatThrownBy(() -> DockerIgnore.parse("ok\n[z-a\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(".dockerignore line 2: invalid pattern");
  }
}
