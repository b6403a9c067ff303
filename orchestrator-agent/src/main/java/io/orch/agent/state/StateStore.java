package io.orch.agent.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desired state: one JSON file per stack under {@code <stateDir>/stacks/}. Every write goes to a temporary file
 * that is fsynced and then atomically renamed over the old one, so a crash leaves either the old or the new version,
 * never a torn file. Reads are served from memory.
 */
public final class StateStore {
  private static final Logger log = LoggerFactory.getLogger(StateStore.class);
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final ObjectMapper json;
  private final Map<String, StoredStack> stacks = new ConcurrentHashMap<>();

  public StateStore(Path stateDir) {
    this.dir = stateDir.resolve("stacks");
    this.json = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();
    load();
  }

  private void load() {
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
          try {
            StoredStack s = json.readValue(file.toFile(), StoredStack.class);
            stacks.put(s.name(), s);
          } catch (IOException e) {
            // Keep the unreadable file for a person to look at; never overwrite it silently.
            log.error("cannot read stored stack {}, leaving it in place: {}", file, e.getMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read state dir " + dir, e);
    }
  }

  /** The rename or delete is durable only once the directory entry is on disk too. */
  private void syncDirectory() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  public Optional<StoredStack> get(String name) {
    return Optional.ofNullable(stacks.get(name));
  }

  public List<StoredStack> all() {
    return stacks.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  public synchronized void put(StoredStack stack) {
    Path target = dir.resolve(stack.name() + SUFFIX);
    Path tmp = dir.resolve("." + stack.name() + SUFFIX + ".tmp");
    try {
      byte[] bytes = json.writeValueAsBytes(stack);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(java.nio.ByteBuffer.wrap(bytes));
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory();
      stacks.put(stack.name(), stack);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Removes the stack only if it is still at {@code generation}: a stack re-submitted while its removal was under way
   * must survive. Returns whether it removed.
   */
  public synchronized boolean removeIf(String name, long generation) {
    StoredStack current = stacks.get(name);
    if (current == null || current.generation() != generation) {
      return false;
    }
    remove(name);
    return true;
  }

  public synchronized void remove(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name + SUFFIX));
      syncDirectory();
      stacks.remove(name);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove stored stack " + name, e);
    }
  }
}
