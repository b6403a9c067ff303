package io.orch.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where a secret's or config's bytes come from: a host {@code file} (an absolute path; only the path travels and is
 * stored, the agent reads the bytes when it creates a container) or inline {@code content} (a config's
 * {@code content:}, or the value of the variable named by {@code environment:}). {@code digest} is the SHA-256 of the
 * bytes: it goes into the spec hash, so a change of content rolls the service without the content being hashed in.
 */
public record FileSource(String file, String content, String digest, String variable) {

  public FileSource {
    if ((file == null) == (content == null)) {
      throw new IllegalArgumentException("exactly one of file and content must be set");
    }
  }

  public FileSource(String file, String content, String digest) {
    this(file, content, digest, null);
  }

  /**
   * The value of the variable named by {@code environment:}; the name is kept so that {@code orch config} prints the
   * name, as {@code docker compose config} does, and not the secret.
   */
  public static FileSource ofVariable(String variable, String value) {
    return new FileSource(null, value, sha256(value.getBytes(StandardCharsets.UTF_8)), variable);
  }

  public static FileSource ofFile(String absolutePath, String digest) {
    return new FileSource(absolutePath, null, digest);
  }

  public static FileSource ofContent(String content) {
    return new FileSource(null, content, sha256(content.getBytes(StandardCharsets.UTF_8)));
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Never prints inline content: a record's default toString would put a secret into logs and exceptions. */
  @Override
  public String toString() {
    return file != null ? "file " + file : "inline content sha256:" + digest;
  }
}
