package io.orch.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API token in {@code <stateDir>/token} (mode 0600): written with a random value at the agent's first start, read
 * by the CLI so that mutating calls carry it.
 */
public final class TokenFile {
  private TokenFile() {}

  public static Path path(Path stateDir) {
    return stateDir.resolve("token");
  }

  public static String readOrCreate(Path stateDir) {
    Path file = path(stateDir);
    try {
      Optional<String> existing = read(stateDir);
      if (existing.isPresent()) {
        return existing.get();
      }
      Files.createDirectories(stateDir);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String token = HexFormat.of().formatHex(random);
      Path tmp = stateDir.resolve(".token.tmp");
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the API token " + file, e);
    }
  }

  public static Optional<String> read(Path stateDir) {
    Path file = path(stateDir);
    try {
      if (!Files.isReadable(file)) {
        return Optional.empty();
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
