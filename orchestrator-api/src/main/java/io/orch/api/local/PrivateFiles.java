package io.orch.api.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and dirs private to their user (dirs 0700, files 0600), created with those modes rather than chmod-ed after
 * the fact. The state dir holds the API token and stacks with interpolated secrets: the agent's StateDir and the CLI
 * (which creates the state dir, the agent's log and its jar copy before it starts an agent) both create through here.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} and any missing parents with mode 0700; an existing dir is left as it is. */
  public static void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
  }

  /** A new file of mode 0600, open for writing; fails if {@code file} exists (so an old mode never carries over). */
  public static FileChannel createPrivateFile(Path file) throws IOException {
    return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), fileMode());
  }

  /** As {@link #createPrivateFile}, for appending text: the CLI's agent.log. An existing file is kept. */
  public static OutputStream openPrivateForAppend(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND), fileMode());
    return Channels.newOutputStream(ch);
  }

  /** Creates {@code file} empty with mode 0600 unless it exists. */
  public static void touchPrivate(Path file) throws IOException {
    openPrivateForAppend(file).close();
  }

  private static FileAttribute<Set<PosixFilePermission>> fileMode() {
    return PosixFilePermissions.asFileAttribute(FILE_MODE);
  }
}
