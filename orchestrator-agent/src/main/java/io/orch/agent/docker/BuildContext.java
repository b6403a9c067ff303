package io.orch.agent.docker;

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
 * name, so the engine's layer cache still matches between two builds.
 */
final class BuildContext {
  /** Where a Dockerfile from outside the context sits inside the tar. */
  static final String OUTSIDE_DOCKERFILE = ".dockerfile.orch";

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
    try {
      ignore = Files.isRegularFile(ignoreFile)
          ? DockerIgnore.parse(Files.readString(ignoreFile, StandardCharsets.UTF_8)) : DockerIgnore.NONE;
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
        boolean always = name.equals(dockerfilePath) || name.equals(".dockerignore");
        if (!always && ignore.excludes(name)) {
          continue;
        }
        add(out, p, name);
        count++;
      }
      if (outside != null) {
        TarArchiveEntry entry = new TarArchiveEntry(OUTSIDE_DOCKERFILE);
        entry.setSize(outside.length);
        entry.setMode(0644);
        out.putArchiveEntry(entry);
        out.write(outside);
        out.closeArchiveEntry();
      }
      out.finish();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tar);
      throw e;
    }
    return new Packed(tar, dockerfilePath, count);
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
