package io.orch.cli.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The tar of a build context the engine's build API takes: every file of the folder that {@code .dockerignore} does
 * not exclude, with the Dockerfile and {@code .dockerignore} always sent (the engine needs them, as the docker CLI
 * does). A Dockerfile that is not inside the context (written inline, or a path outside it) goes in under a fixed
 * name, so the engine's layer cache still matches between two builds, and is listed in the {@code .dockerignore}
 * sent with it, so it does not end up in the image.
 */
final class BuildContext {
  /** Where a Dockerfile from outside the context sits inside the tar. */
  static final String OUTSIDE_DOCKERFILE = ".dockerfile.orch";
  private static final String IGNORE_FILE = ".dockerignore";

  /** The tar file (deleted by the caller) and the Dockerfile's path inside it. */
  record Packed(Path tar, String dockerfilePath, int files) {}

  private BuildContext() {}

  /**
   * Packs {@code contextDir}. {@code dockerfile} is relative to the context (null: {@code Dockerfile});
   * {@code inlineDockerfile}, when not null, is the Dockerfile's text and wins.
   */
  static Packed pack(Path contextDir, String dockerfile, String inlineDockerfile) throws IOException {
    Path context = contextDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(context)) {
      throw new BuildException("build context " + context + " is not a folder");
    }
    Path ignoreFile = context.resolve(".dockerignore");
    DockerIgnore ignore;
    String ignoreText = "";
    try {
      if (Files.isRegularFile(ignoreFile)) {
        ignoreText = Files.readString(ignoreFile, StandardCharsets.UTF_8);
        ignore = DockerIgnore.parse(ignoreText);
      } else {
        ignore = DockerIgnore.NONE;
      }
    } catch (IllegalArgumentException e) {
      throw new BuildException(ignoreFile + ": " + e.getMessage());
    }
    byte[] outside = null;
    String dockerfilePath;
    if (inlineDockerfile != null) {
      outside = inlineDockerfile.getBytes(StandardCharsets.UTF_8);
      dockerfilePath = OUTSIDE_DOCKERFILE;
    } else {
      Path file = context.resolve(dockerfile == null ? "Dockerfile" : dockerfile).normalize();
      if (!Files.isRegularFile(file)) {
        throw new BuildException("Dockerfile " + file + " not found"
            + (dockerfile == null ? " (set build.dockerfile to use another file)" : ""));
      }
      if (file.startsWith(context)) {
        dockerfilePath = slashes(context.relativize(file));
      } else {
        outside = Files.readAllBytes(file);
        dockerfilePath = OUTSIDE_DOCKERFILE;
      }
    }

    Path tar = Files.createTempFile("orch-build-context", ".tar");
    int count = 0;
    try (OutputStream raw = Files.newOutputStream(tar);
        TarArchiveOutputStream out = new TarArchiveOutputStream(raw)) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path p : sortedPaths(context)) {
        String name = slashes(context.relativize(p));
        if (outside != null && name.equals(IGNORE_FILE)) {
          continue; // sent rewritten below
        }
        boolean always = name.equals(dockerfilePath) || name.equals(".dockerignore");
        if (!always && ignore.excludes(name)) {
          continue;
        }
        add(out, p, name);
        count++;
      }
      if (outside != null) {
        addFile(out, OUTSIDE_DOCKERFILE, outside);
        // As the docker CLI does for a Dockerfile from elsewhere: the .dockerignore sent lists the Dockerfile and
        // itself, and the engine removes the files it lists of those two from the context before the build, so
        // `COPY . .` does not put the Dockerfile into the image.
        String rewritten = ignoreText + (ignoreText.isEmpty() || ignoreText.endsWith("\n") ? "" : "\n")
            + IGNORE_FILE + "\n" + OUTSIDE_DOCKERFILE + "\n";
        addFile(out, IGNORE_FILE, rewritten.getBytes(StandardCharsets.UTF_8));
      }
      out.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tar);
      throw e;
    }
    return new Packed(tar, dockerfilePath, count);
  }

  private static void addFile(TarArchiveOutputStream out, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setMode(0644);
    out.putArchiveEntry(entry);
    out.write(content);
    out.closeArchiveEntry();
  }

  private static List<Path> sortedPaths(Path context) throws IOException {
    try (Stream<Path> walk = Files.walk(context)) {
      return walk.filter(p -> !p.equals(context)).sorted().toList();
    }
  }

  private static void add(TarArchiveOutputStream out, Path p, String name) throws IOException {
    if (Files.isSymbolicLink(p)) {
      TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
      link.setLinkName(Files.readSymbolicLink(p).toString());
      out.putArchiveEntry(link);
      out.closeArchiveEntry();
      return;
    }
    boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
    TarArchiveEntry entry = new TarArchiveEntry(p, dir ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
    entry.setMode((dir ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 : TarArchiveEntry.DEFAULT_FILE_MODE & ~0777)
        | permissions(p));
    // Files arrive owned by root, as the docker CLI sends them (its tar uses ChownOpts 0:0).
    entry.setUserId(0);
    entry.setGroupId(0);
    entry.setUserName("");
    entry.setGroupName("");
    out.putArchiveEntry(entry);
    if (!dir) {
      Files.copy(p, out);
    }
    out.closeArchiveEntry();
  }

  private static int permissions(Path p) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission perm : perms) {
      mode |= 1 << (8 - perm.ordinal());
    }
    return mode;
  }

  private static String slashes(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }
}
