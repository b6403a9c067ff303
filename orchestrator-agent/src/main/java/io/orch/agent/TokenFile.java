package io.orch.agent;

import io.orch.agent.state.StateDir;
import io.orch.agent.state.StorageFailure;
import io.orch.api.local.LocalAgent;
import io.orch.api.local.TokenRefusedException;
import io.orch.api.local.TokenStrength;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The API token in {@code <stateDir>/token} (mode 0600): written with 32 random bytes (64 hex characters) at the
 * agent's first start, read by the CLI so that mutating calls carry it. The agent refuses a token file that group or
 * others may read or write, as ssh refuses such a key, and a token with less randomness than it would generate.
 */
public final class TokenFile {
  private TokenFile() {}

  public static Path path(Path stateDir) {
    return LocalAgent.tokenFile(stateDir);
  }

  /** The agent's side: the checked token, or a new one. Throws {@link TokenRefusedException} for a bad file. */
  public static String readOrCreate(Path stateDir) {
    Path file = path(stateDir);
    try {
      StateDir.createDirectories(stateDir);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return readChecked(file);
      }
      return create(stateDir, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the API token " + file + ": "
          + StorageFailure.of(e).cause(), e);
    }
  }

  private static String readChecked(Path file) throws IOException {
    if (StateDir.openToOthers(file)) {
      throw new TokenRefusedException("refusing the API token " + file + ": its mode "
          + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + " lets group or others read or "
          + "write it (ssh refuses such keys too). Run `chmod 600 " + file + "` and start again; if others may have "
          + "read it, delete it instead and the agent writes a new one.");
    }
    String token = Files.readString(file, StandardCharsets.UTF_8).trim();
    TokenStrength.require(token, "the API token " + file,
        "Write a longer one (`openssl rand -hex 32 > " + file + "`) or delete it and the agent writes a new one.");
    return token;
  }

  private static String create(Path stateDir, Path file) throws IOException {
    byte[] random = new byte[TokenStrength.MIN_RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    Path tmp = stateDir.resolve(".token.tmp");
    try {
      Files.deleteIfExists(tmp);
      try (FileChannel ch = StateDir.createPrivateFile(tmp)) {
        ch.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return token;
    } finally {
      Files.deleteIfExists(tmp); // gone after the move; a failed write leaves nothing behind
    }
  }

  /** The CLI's side: whatever the file holds, if it can be read; the agent is the one that judges it. */
  public static Optional<String> read(Path stateDir) {
    return LocalAgent.readToken(stateDir);
  }
}
