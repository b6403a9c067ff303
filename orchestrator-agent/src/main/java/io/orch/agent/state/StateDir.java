package io.orch.agent.state;

import io.orch.api.local.PrivateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The state dir holds the API token and stack files with interpolated environment values (passwords among them), so
 * it is private to the agent's user: the dir and its subdirectories 0700, every file 0600. Files are created with
 * those modes (never chmod-ed after the fact, which would leave a moment where they are readable by others).
 */
public final class StateDir {
  public static final Set<PosixFilePermission> DIR_MODE = PrivateFiles.DIR_MODE;
  public static final Set<PosixFilePermission> FILE_MODE = PrivateFiles.FILE_MODE;

  /**
   * How deep {@link #tighten} looks: the dir, its entries, and their entries ({@code stacks/*.json}). Deeper paths
   * are out of reach of others once their parents are 0700, and a misconfigured state dir (say, $HOME) must not get
   * a recursive walk over everything below it.
   */
  private static final int TIGHTEN_DEPTH = 2;

  private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  /** A path whose mode {@link #tighten} changed. */
  public record PermissionFix(Path path, String before, String after) {
    @Override
    public String toString() {
      return path + " " + before + " -> " + after;
    }
  }

  private StateDir() {}

  /** Creates {@code dir} and any missing parents with mode 0700; an existing dir is left as it is. */
  public static void createDirectories(Path dir) throws IOException {
    PrivateFiles.createDirectories(dir);
  }

  /** A new file of mode 0600, open for writing; fails if {@code file} exists (so an old mode never carries over). */
  public static FileChannel createPrivateFile(Path file) throws IOException {
    return PrivateFiles.createPrivateFile(file);
  }

  /** How the bytes reach the open temporary file. A seam: tests make it fail as a full disk does. */
  @FunctionalInterface
  public interface WriteStep {
    WriteStep DIRECT = (ch, bytes) -> {
      while (bytes.hasRemaining()) {
        ch.write(bytes);
      }
    };

    void write(FileChannel ch, java.nio.ByteBuffer bytes) throws IOException;
  }

  /**
   * Replaces {@code target} with {@code bytes} so that a crash leaves either the old or the new version, never a torn
   * file: a new private temporary file beside it, fsynced, then atomically renamed over it. A failed write removes
   * its temporary file and leaves {@code target} as it was. The caller syncs the directory if the rename must survive
   * a power loss.
   */
  public static void replaceAtomically(Path target, byte[] bytes, WriteStep writeStep) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp); // created anew below, so it gets mode 0600 whatever an old one had
      try (FileChannel ch = createPrivateFile(tmp)) {
        writeStep.write(ch, java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /** Reads one stored file: its path and the name it stores (the file name without the suffix). */
  @FunctionalInterface
  public interface StoredFileReader {
    void read(Path file, String name);
  }

  /**
   * Creates {@code dir} if missing, removes the leftovers of writes a crash interrupted before their rename (the
   * hidden temporary files of {@link #replaceAtomically}; the files themselves are intact), and hands every
   * {@code *suffix} file to {@code reader}.
   */
  public static void loadStored(Path dir, String suffix, StoredFileReader reader) throws IOException {
    createDirectories(dir);
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString();
        if (fileName.startsWith(".") && fileName.endsWith(".tmp")) {
          Files.deleteIfExists(file);
        } else if (fileName.endsWith(suffix)) {
          reader.read(file, fileName.substring(0, fileName.length() - suffix.length()));
        }
      }
    }
  }

  /** As {@link #createPrivateFile}, for appending text: the CLI's agent.log. An existing file is kept. */
  public static OutputStream openPrivateForAppend(Path file) throws IOException {
    return PrivateFiles.openPrivateForAppend(file);
  }

  /** Creates {@code file} empty with mode 0600 unless it exists. */
  public static void touchPrivate(Path file) throws IOException {
    PrivateFiles.touchPrivate(file);
  }

  /**
   * Takes group and others' bits off the state dir and what it holds (see {@link #TIGHTEN_DEPTH}), so the dir ends
   * 0700 and orch's files 0600, and returns what was looser. Symbolic links are neither followed nor changed: a link
   * planted in the dir must not make orch chmod its target.
   */
  public static List<PermissionFix> tighten(Path stateDir) throws IOException {
    List<PermissionFix> fixes = new ArrayList<>();
    // The dir itself may be a link (~/.orch -> /data/orch): that one is the user's choice and is resolved.
    Files.walkFileTree(stateDir.toRealPath(), Set.<FileVisitOption>of(), TIGHTEN_DEPTH, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        tightenOne(dir, fixes);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isSymbolicLink()) {
          tightenOne(file, fixes); // at the depth limit a directory arrives here too
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return fixes;
  }

  private static void tightenOne(Path path, List<PermissionFix> fixes) throws IOException {
    Set<PosixFilePermission> before = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    if (before.stream().noneMatch(GROUP_AND_OTHERS::contains)) {
      return;
    }
    Set<PosixFilePermission> after = EnumSet.copyOf(before);
    after.removeAll(GROUP_AND_OTHERS);
    Files.setPosixFilePermissions(path, after);
    fixes.add(new PermissionFix(path, PosixFilePermissions.toString(before), PosixFilePermissions.toString(after)));
  }

  /** Whether group or others may read or write {@code file}: what ssh refuses for a key, orch for its token. */
  public static boolean openToOthers(Path file) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    return mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.GROUP_WRITE)
        || mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static FileAttribute<Set<PosixFilePermission>> fileMode() {
    return PosixFilePermissions.asFileAttribute(FILE_MODE);
  }
}
