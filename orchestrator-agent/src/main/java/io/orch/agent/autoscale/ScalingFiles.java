package io.orch.agent.autoscale;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.orch.agent.state.StateDir;
import io.orch.agent.state.StorageFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per stack under {@code <stateDir>/<folder>/} holding a map by service name, kept in memory and written
 * atomically ({@link StateDir#replaceAtomically}), as the restart histories are. A file that cannot be read is
 * logged and treated as empty: the autoscaler then starts from the declared count, which is safe. A write the disk
 * refuses is logged and kept in memory: a full disk must not stop scaling. Without a state dir, memory only.
 */
final class ScalingFiles<V> {
  private static final Logger log = LoggerFactory.getLogger(ScalingFiles.class);
  private static final String SUFFIX = ".json";

  private final Path dir;
  private final String what;
  private final JavaType type;
  private final ObjectMapper json = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final Map<String, Map<String, V>> byStack = new ConcurrentHashMap<>();

  ScalingFiles(Path stateDir, String folder, String what, Class<V> valueType) {
    this.dir = stateDir == null ? null : stateDir.resolve(folder);
    this.what = what;
    this.type = json.getTypeFactory().constructMapType(Map.class, String.class, valueType);
    if (dir != null) {
      try {
        StateDir.loadStored(dir, SUFFIX, this::read);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the " + what + " in " + dir + ": " + StorageFailure.of(e).cause(),
            e);
      }
    }
  }

  private void read(Path file, String stack) {
    try {
      Map<String, V> values = json.readValue(Files.readAllBytes(file), type);
      if (values != null) {
        byStack.put(stack, Map.copyOf(values));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read the {} {} ({}); stack {} starts with none", what, file, e.getMessage(), stack);
    }
  }

  Map<String, V> of(String stack) {
    return byStack.getOrDefault(stack, Map.of());
  }

  Map<String, Map<String, V>> all() {
    return Map.copyOf(byStack);
  }

  void put(String stack, Map<String, V> values) {
    if (values.equals(of(stack))) {
      return;
    }
    if (values.isEmpty()) {
      remove(stack);
      return;
    }
    if (dir != null) {
      try {
        StateDir.replaceAtomically(dir.resolve(stack + SUFFIX), json.writeValueAsBytes(values),
            StateDir.WriteStep.DIRECT);
      } catch (IOException e) {
        log.warn("cannot store the {} of stack {} ({}): kept in memory only", what, stack,
            StorageFailure.of(e).cause());
      }
    }
    byStack.put(stack, Map.copyOf(values));
  }

  void remove(String stack) {
    if (byStack.remove(stack) == null || dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve(stack + SUFFIX));
    } catch (IOException e) {
      log.warn("cannot remove the {} of stack {}: {}", what, stack, e.getMessage());
    }
  }
}
