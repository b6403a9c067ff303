package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path tmp;

  @Test
  void tightensALooseDirAndItsFilesAndSaysWhatItChanged() throws Exception {
    Path state = Files.createDirectory(tmp.resolve("state"));
    Path stacks = Files.createDirectory(state.resolve("stacks"));
    Path stack = Files.writeString(stacks.resolve("shop.json"), "{}");
    Path log = Files.writeString(state.resolve("agent.log"), "");
    chmod(state, "rwxr-xr-x");
    chmod(stacks, "rwxrwxrwx");
    chmod(stack, "rw-r--r--");
    chmod(log, "rw-rw----");

    assertThat(StateDir.tighten(state)).extracting(StateDir.PermissionFix::toString).containsExactlyInAnyOrder(
        state + " rwxr-xr-x -> rwx------", stacks + " rwxrwxrwx -> rwx------", stack + " rw-r--r-- -> rw-------",
        log + " rw-rw---- -> rw-------");

    assertThat(mode(state)).isEqualTo("rwx------");
    assertThat(mode(stacks)).isEqualTo("rwx------");
    assertThat(mode(stack)).isEqualTo("rw-------");
    assertThat(mode(log)).isEqualTo("rw-------");
    assertThat(StateDir.tighten(state)).isEmpty();
  }

  @Test
  void neverChangesTheTargetOfALinkPlantedInTheDir() throws Exception {
    Path state = Files.createDirectory(tmp.resolve("state"));
    chmod(state, "rwx------");
    Path outside = Files.writeString(tmp.resolve("passwd"), "root:x:0:0");
    chmod(outside, "rw-r--r--");
    Files.createSymbolicLink(state.resolve("token"), outside);

    assertThat(StateDir.tighten(state)).isEmpty();
    assertThat(mode(outside)).isEqualTo("rw-r--r--");
  }

  @Test
  void createsDirsAndFilesPrivateFromTheStart() throws Exception {
    Path state = tmp.resolve("a/state");
    StateDir.createDirectories(state);
    StateDir.touchPrivate(state.resolve("agent.log"));
    StateDir.createPrivateFile(state.resolve("x")).close();
    assertThat(mode(state)).isEqualTo("rwx------");
    assertThat(mode(state.resolve("agent.log"))).isEqualTo("rw-------");
    assertThat(mode(state.resolve("x"))).isEqualTo("rw-------");
  }

  private static void chmod(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
