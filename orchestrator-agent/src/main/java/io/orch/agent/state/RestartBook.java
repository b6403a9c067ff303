package io.orch.agent.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.orch.core.restart.ReplicaSlot;
import io.orch.core.restart.RestartHistories;
import io.orch.core.restart.RestartHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart history of each stack's replicas, by service and slot ({@code {"web/1": {...}}}), kept in memory and on
 * disk ({@code <stateDir>/restarts/<stack>.json}, written to a fsynced temporary file and renamed, as stacks are), so
 * an agent restarted with {@code kill -9} still knows a crash loop: its backoff goes on and {@code max_attempts} is not
 * reset.
 *
 * <p>One writer: the stack reconciler, which folds the restarts it performed; everything else reads snapshots.
 * A write the disk refuses is logged and kept in memory: a full disk must not stop restarts.
 */
public final class RestartBook {
  private static final Logger log = LoggerFactory.getLogger(RestartBook.class);
  private static final String SUFFIX = ".json";
  private static final TypeReference<Map<String, RestartHistory>> FILE = new TypeReference<>() {};

  private final Path dir;
  private final ObjectMapper json = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();
  private final Map<String, RestartHistories> byStack = new ConcurrentHashMap<>();

  public RestartBook(Path stateDir) {
    this.dir = stateDir.resolve("restarts");
    load();
  }

  private void load() {
    try {
      StateDir.loadStored(dir, SUFFIX, this::read);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the restart histories in " + dir + ": "
          + StorageFailure.of(e).cause(), e);
    }
  }

  private void read(Path file, String stack) {
    try {
      Map<String, RestartHistory> stored = json.readValue(Files.readAllBytes(file), FILE);
      if (stored == null) {
        return;
      }
      Map<ReplicaSlot, RestartHistory> histories = new TreeMap<>();
      stored.forEach((key, history) -> ReplicaSlot.parse(key).ifPresentOrElse(slot -> histories.put(slot, history),
          // Earlier agents keyed histories by container name: such a replica's count starts from zero once.
          () -> log.warn("restart history {}: {} names no service/slot; that replica's restarts count from zero",
              file, key)));
      byStack.put(stack, new RestartHistories(histories));
    } catch (IOException | RuntimeException e) {
      // Losing a restart count is better than refusing to start: the stack's restarts count from zero again.
      log.warn("cannot read the restart history {} ({}); stack {} starts with none", file, e.getMessage(), stack);
    }
  }

  /** The histories of one stack's replicas as of now (an immutable snapshot). */
  public RestartHistories of(String stack) {
    return byStack.getOrDefault(stack, RestartHistories.EMPTY);
  }

  /** Replaces one stack's histories, on disk first when it can. Called by the stack reconciler only. */
  public void put(String stack, RestartHistories histories) {
    if (histories.equals(of(stack))) {
      return;
    }
    if (histories.bySlot().isEmpty()) {
      remove(stack);
      return;
    }
    try {
      StateDir.replaceAtomically(dir.resolve(stack + SUFFIX), json.writeValueAsBytes(keyed(histories)),
          StateDir.WriteStep.DIRECT);
    } catch (IOException e) {
      log.warn("cannot store the restart history of stack {} ({}): kept in memory only",
          stack, StorageFailure.of(e).cause());
    }
    byStack.put(stack, histories);
  }

  /** As stored: by {@code service/slot}. */
  private static Map<String, RestartHistory> keyed(RestartHistories histories) {
    Map<String, RestartHistory> keyed = new TreeMap<>();
    histories.bySlot().forEach((slot, history) -> keyed.put(slot.key(), history));
    return keyed;
  }

  /** Forgets a removed stack's histories. Called by the stack reconciler only. */
  public void remove(String stack) {
    byStack.remove(stack);
    try {
      Files.deleteIfExists(dir.resolve(stack + SUFFIX));
    } catch (IOException e) {
      log.warn("cannot remove the restart history of stack {}: {}", stack, e.getMessage());
    }
  }
}
