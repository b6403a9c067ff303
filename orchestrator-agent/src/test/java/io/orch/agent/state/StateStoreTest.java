package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orch.core.model.Dependency;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  private static Stack stack() {
    ServiceSpec web = ServiceSpec.of("web", "busybox:1.36").withReplicas(3)
        .withEnvironment(Map.of("A", "1"))
        .withCommand(List.of("httpd", "-f"))
        .withHealthcheck(new HealthCheck(List.of("CMD", "true"), Duration.ofSeconds(2), null, 3, null, null))
        .withDependsOn(Map.of("db", Dependency.STARTED))
        .withStopGracePeriod(Duration.ofMillis(1500));
    ServiceSpec db = ServiceSpec.of("db", "busybox:1.36");
    return new Stack("demo", Map.of("web", web, "db", db), Map.of("default", NetworkSpec.bridge("default")),
        Map.of("data", VolumeSpec.local("data")));
  }

  @Test
  void survivesRestartWithEqualModel() {
    StateStore store = new StateStore(dir);
    StoredStack s = new StoredStack(stack(), 1, Instant.parse("2026-01-01T00:00:00Z"), false, false);
    store.put(s);

    StateStore reopened = new StateStore(dir);
    assertThat(reopened.get("demo")).contains(s);
    assertThat(reopened.all()).containsExactly(s);
  }

  @Test
  void keepsASecretFileAsItsPathAndDigestAndSharingKeysAcrossARestart() throws Exception {
    var fromFile = new io.orch.core.model.FileMount(io.orch.core.model.FileMount.Kind.SECRET, "pw", "/run/secrets/pw",
        "1000", null, 0400, io.orch.core.model.FileSource.ofFile("/srv/pw.txt", "abc123"));
    var inline = new io.orch.core.model.FileMount(io.orch.core.model.FileMount.Kind.CONFIG, "conf", "/conf", null,
        null, null, io.orch.core.model.FileSource.ofContent("a=1"));
    ServiceSpec web = ServiceSpec.of("web", "busybox:1.36").toBuilder().secrets(List.of(fromFile))
        .configs(List.of(inline)).containerName("the-web").ipc("shareable").volumesFrom(List.of("service:db:ro"))
        .networkMode("service:db")
        // What the loader makes of network_mode: service:db (a stored stack is always one the loader made).
        .dependsOn(Map.of("db", Dependency.STARTED)).build();
    StoredStack s = new StoredStack(new Stack("demo", Map.of("web", web, "db", ServiceSpec.of("db", "busybox:1.36")),
        Map.of(), Map.of()), 1, Instant.EPOCH, false, false);
    new StateStore(dir).put(s);

    assertThat(new StateStore(dir).get("demo")).contains(s);
    assertThat(Files.readString(dir.resolve("stacks/demo.json"))).contains("/srv/pw.txt", "abc123");
  }

  @Test
  void removeDeletesTheFile() {
    StateStore store = new StateStore(dir);
    store.put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    store.remove("demo");
    assertThat(new StateStore(dir).get("demo")).isEmpty();
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    StateStore store = new StateStore(dir);
    store.put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    store.put(new StoredStack(stack(), 2, Instant.EPOCH, false, false));
    try (var files = Files.list(dir.resolve("stacks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.json");
    }
  }

  @Test
  void unreadableFileIsKeptAndReportedWithWhereItBreaks() throws Exception {
    Files.createDirectories(dir.resolve("stacks"));
    Files.writeString(dir.resolve("stacks/broken.json"), "{not json");
    StateStore store = new StateStore(dir);
    assertThat(store.all()).isEmpty();
    assertThat(store.get("broken")).isEmpty();
    assertThat(store.unreadable("broken")).hasValueSatisfying(u -> {
      assertThat(u.file()).isEqualTo(dir.resolve("stacks/broken.json"));
      assertThat(u.reason()).startsWith("not a valid stack file at line 1, column 2: Unexpected character");
    });
    assertThat(dir.resolve("stacks/broken.json")).hasContent("{not json");
  }

  @Test
  void truncatedFileIsReportedAndANewSubmitReplacesIt() throws Exception {
    StoredStack good = new StoredStack(stack(), 1, Instant.EPOCH, false, false);
    new StateStore(dir).put(good);
    Path file = dir.resolve("stacks/demo.json");
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() / 2));

    StateStore store = new StateStore(dir);
    assertThat(store.unreadable()).extracting(UnreadableStack::name).containsExactly("demo");

    store.put(good);
    assertThat(store.unreadable()).isEmpty();
    assertThat(new StateStore(dir).get("demo")).contains(good);
  }

  @Test
  void fileThatHoldsAnotherStackIsUnreadableUnderItsOwnName() throws Exception {
    new StateStore(dir).put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    Files.move(dir.resolve("stacks/demo.json"), dir.resolve("stacks/other.json"));
    StateStore store = new StateStore(dir);
    assertThat(store.get("demo")).isEmpty();
    assertThat(store.unreadable("other")).hasValueSatisfying(u ->
        assertThat(u.reason()).isEqualTo("holds stack demo, not other"));
  }

  @Test
  void createsTheDirAndEveryStackFilePrivate() throws Exception {
    Path stateDir = dir.resolve("fresh");
    new StateStore(stateDir).put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    assertThat(mode(stateDir.resolve("stacks"))).isEqualTo("rwx------");
    assertThat(mode(stateDir.resolve("stacks/demo.json"))).isEqualTo("rw-------");
  }

  @Test
  void aLeftoverTemporaryFileOfAnOldModeDoesNotLendItsMode() throws Exception {
    Files.createDirectories(dir.resolve("stacks"));
    StateStore store = new StateStore(dir);
    // A crash between create and rename, with a file of mode 0644 from an older orch: created anew, not reused.
    Path tmp = dir.resolve("stacks/.demo.json.tmp");
    Files.writeString(tmp, "old");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    store.put(new StoredStack(stack(), 1, Instant.EPOCH, false, false));
    assertThat(mode(dir.resolve("stacks/demo.json"))).isEqualTo("rw-------");
    assertThat(tmp).doesNotExist();
  }

  @Test
  void removesLeftoversOfInterruptedWritesAtStart() throws Exception {
    Files.createDirectories(dir.resolve("stacks"));
    Files.writeString(dir.resolve("stacks/.demo.json.tmp"), "{\"half");
    new StateStore(dir);
    assertThat(dir.resolve("stacks/.demo.json.tmp")).doesNotExist();
  }

  @Test
  void aRemovalIsRecordedOnAFullDiskByRenamingTheStackFileAndSurvivesARestart() throws Exception {
    StoredStack before = new StoredStack(stack(), 3, Instant.EPOCH, false, false);
    new StateStore(dir).put(before);
    StateStore full = new StateStore(dir, (ch, bytes) -> {
      throw new IOException("No space left on device");
    });
    assertThatThrownBy(() -> full.put(before.markedForRemoval(false))).as("the disk is full indeed")
        .isInstanceOf(StateWriteException.class);

    full.markForRemoval("demo", true);

    assertThat(full.get("demo")).contains(before.markedForRemoval(true));
    StateStore restarted = new StateStore(dir);
    assertThat(restarted.get("demo")).as("what a restarted agent reads").contains(before.markedForRemoval(true));
    try (var files = Files.list(dir.resolve("stacks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.json.removing-volumes");
    }

    // Space again: a re-submission replaces the marker, and the stack is no longer being removed after a restart.
    StoredStack again = new StoredStack(stack(), 5, Instant.EPOCH, false, false);
    restarted.put(again);
    assertThat(new StateStore(dir).get("demo")).contains(again);
    restarted.remove("demo");
    try (var files = Files.list(dir.resolve("stacks"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aFullDiskLeavesNoTemporaryFileAndTheStackAsItWas() throws Exception {
    StoredStack before = new StoredStack(stack(), 1, Instant.EPOCH, false, false);
    new StateStore(dir).put(before);
    // As FileChannel.write reports ENOSPC: a plain IOException with strerror's text, after part of the bytes.
    StateStore full = new StateStore(dir, (ch, bytes) -> {
      ch.write(bytes.limit(bytes.limit() / 2));
      throw new IOException("No space left on device");
    });

    StoredStack after = new StoredStack(stack().withReplicas("web", 5), 2, Instant.EPOCH, false, false);
    assertThatThrownBy(() -> full.put(after))
        .isInstanceOfSatisfying(StateWriteException.class, e -> {
          assertThat(e.failure()).isEqualTo(StorageFailure.NO_SPACE);
          assertThat(e.getMessage()).isEqualTo("cannot write to the state dir " + dir.resolve("stacks")
              + ": no space left on device (ENOSPC); free space on that file system");
        });

    assertThat(full.get("demo")).contains(before);
    assertThat(new StateStore(dir).get("demo")).contains(before);
    try (var files = Files.list(dir.resolve("stacks"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("demo.json");
    }
  }

  @Test
  void aFailedFirstWriteStoresNothing() throws Exception {
    StateStore readOnly = new StateStore(dir, (ch, bytes) -> {
      throw new FileSystemException(dir.toString(), null, "Read-only file system");
    });
    assertThatThrownBy(() -> readOnly.put(new StoredStack(stack(), 1, Instant.EPOCH, false, false)))
        .isInstanceOfSatisfying(StateWriteException.class,
            e -> assertThat(e.failure()).isEqualTo(StorageFailure.READ_ONLY));
    assertThat(readOnly.all()).isEmpty();
    try (var files = Files.list(dir.resolve("stacks"))) {
      assertThat(files).isEmpty();
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
