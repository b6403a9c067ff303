package io.orch.agent.docker;

import io.orch.core.engine.ContainerSpec.ContainerFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The tar of a container's secrets and configs, extracted by the engine at {@code /} after create and before start
 * (as Compose v2 does on a single engine). The tar carries each file's uid, gid and mode, so all three are honoured,
 * and it only exists in memory: no secret is written to the agent's disk. The engine creates missing parent folders.
 */
final class ContainerFiles {
  private ContainerFiles() {}

  /** @throws FileProblem when a host file is missing or unreadable (the message says which and why) */
  static byte[] tar(List<ContainerFile> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (ContainerFile file : files) {
        byte[] content = content(file);
        TarArchiveEntry entry = new TarArchiveEntry(file.target().substring(1));
        entry.setSize(content.length);
        entry.setMode(file.mode());
        entry.setUserId(file.uid() == null ? 0 : Long.parseLong(file.uid()));
        entry.setGroupId(file.gid() == null ? 0 : Long.parseLong(file.gid()));
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing a tar into memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static byte[] content(ContainerFile file) {
    if (file.content() != null) {
      return file.content().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Files.readAllBytes(Path.of(file.hostFile()));
    } catch (NoSuchFileException e) {
      throw new FileProblem("file " + file.hostFile() + " for " + file.target() + " not found: create it, or fix the"
          + " file: path, then run orch up again");
    } catch (IOException e) {
      throw new FileProblem("cannot read " + file.hostFile() + " for " + file.target() + ": " + e.getMessage()
          + " (the agent reads it; check its permissions)");
    }
  }

  /** A secret or config file the agent cannot read. */
  static final class FileProblem extends RuntimeException {
    FileProblem(String message) {
      super(message);
    }
  }
}
