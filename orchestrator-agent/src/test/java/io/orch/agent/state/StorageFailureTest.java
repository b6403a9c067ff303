package io.orch.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** The exception shapes the JDK throws on Linux for each errno, as `put` meets them. */
class StorageFailureTest {
  @Test
  void namesTheCauseAPersonFixes() {
    assertThat(StorageFailure.of(new IOException("No space left on device"))).isEqualTo(StorageFailure.NO_SPACE);
    assertThat(StorageFailure.of(new IOException("Disk quota exceeded"))).isEqualTo(StorageFailure.QUOTA_EXCEEDED);
    assertThat(StorageFailure.of(new FileSystemException("/s/stacks/.a.json.tmp", null, "Read-only file system")))
        .isEqualTo(StorageFailure.READ_ONLY);
    assertThat(StorageFailure.of(new AccessDeniedException("/s/stacks/.a.json.tmp")))
        .isEqualTo(StorageFailure.PERMISSION_DENIED);
    assertThat(StorageFailure.of(new IOException("Input/output error"))).isEqualTo(StorageFailure.OTHER);
    assertThat(StorageFailure.of(new IOException())).isEqualTo(StorageFailure.OTHER);
  }

  @Test
  void anUnknownCauseKeepsTheSystemsWordsInTheMessage() {
    StateWriteException e = new StateWriteException(java.nio.file.Path.of("/s/stacks"),
        new IOException("Input/output error"));
    assertThat(e.getMessage()).isEqualTo("cannot write to the state dir /s/stacks: an I/O error "
        + "(java.io.IOException: Input/output error); check the file system");
  }
}
