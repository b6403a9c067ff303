package io.orch.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orch.api.local.TokenRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
  @TempDir Path dir;

  @Test
  void writesA32ByteTokenOnlyTheOwnerCanReadAndKeepsIt() throws Exception {
    String token = TokenFile.readOrCreate(dir);
    assertThat(token).matches("[0-9a-f]{64}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(TokenFile.path(dir))))
        .isEqualTo("rw-------");
    assertThat(TokenFile.readOrCreate(dir)).isEqualTo(token);
    assertThat(TokenFile.read(dir)).contains(token);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("token");
    }
  }

  @Test
  void refusesATokenFileOthersCanRead() throws Exception {
    Path file = Files.writeString(TokenFile.path(dir), "a".repeat(64) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> TokenFile.readOrCreate(dir))
        .isInstanceOf(TokenRefusedException.class)
        .hasMessageStartingWith("refusing the API token " + file + ": its mode rw-r--r-- lets group or others")
        .hasMessageContaining("Run `chmod 600 " + file + "`");
    assertThat(file).hasContent("a".repeat(64)); // refused, not replaced
  }

  @Test
  void refusesATokenFileOthersCanWrite() throws Exception {
    Path file = Files.writeString(TokenFile.path(dir), "a".repeat(64));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-----w-"));
    assertThatThrownBy(() -> TokenFile.readOrCreate(dir)).isInstanceOf(TokenRefusedException.class);
  }

  @Test
  void refusesAShortToken() throws Exception {
    Path file = Files.writeString(TokenFile.path(dir), "hunter2\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> TokenFile.readOrCreate(dir))
        .isInstanceOf(TokenRefusedException.class)
        .hasMessageStartingWith("the API token " + file + " is too short: 7 characters, about 5 bytes of randomness;"
            + " orch needs at least 32 bytes of randomness: 64 hex characters or 43 base64 characters");
  }

  @Test
  void refusesAnEmptyTokenFileRatherThanReplacingIt() throws Exception {
    Path file = Files.writeString(TokenFile.path(dir), "");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> TokenFile.readOrCreate(dir)).isInstanceOf(TokenRefusedException.class)
        .hasMessageContaining("too short");
  }
}
