package io.orch.agent.state;

import io.orch.core.rollout.RolloutState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The desired state: one file per stack under {@code <stateDir>/stacks/}, mode 0600 in a 0700 dir (they hold
 * interpolated environment values). A file holds the stack as the normalized Compose text the CLI sends, read back
 * with the loader, in a JSON envelope of bookkeeping ({@link StackFile}); a file of the first format (the model as
 * JSON) is read and written again in the current one at start. Every write goes to a new temporary file that is fsynced and then atomically
 * renamed over the old one, so a crash leaves either the old or the new version, never a torn file; a failed write
 * removes its temporary file and leaves the stack as it was. Reads are served from memory.
 */
public final class StateStore {
  private static final Logger log = LoggerFactory.getLogger(StateStore.class);
  private static final String SUFFIX = ".json";
  /** A stack file renamed to record its removal when the state dir is full: see {@link #markForRemoval}. */
  private static final String REMOVING = ".json.removing";
  private static final String REMOVING_VOLUMES = ".json.removing-volumes";

  private final Path dir;
  private final StackFile format = new StackFile();
  private final StateDir.WriteStep writeStep;
  private final Map<String, StoredStack> stacks = new ConcurrentHashMap<>();
  private final Map<String, UnreadableStack> unreadable = new ConcurrentHashMap<>();

  public StateStore(Path stateDir) {
    this(stateDir, StateDir.WriteStep.DIRECT);
  }

  StateStore(Path stateDir, StateDir.WriteStep writeStep) {
    this.dir = stateDir.resolve("stacks");
    this.writeStep = writeStep;
    load();
  }

  private void load() {
    List<String> oldFormat = new ArrayList<>();
    try {
      StateDir.loadStored(dir, SUFFIX, (file, name) -> {
        if (read(file, name)) {
          oldFormat.add(name);
        }
      });
      StateDir.loadStored(dir, REMOVING, (file, name) -> readRemoval(file, name, false));
      StateDir.loadStored(dir, REMOVING_VOLUMES, (file, name) -> readRemoval(file, name, true));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state dir " + dir + ": " + StorageFailure.of(e).cause(), e);
    }
    oldFormat.forEach(this::upgrade);
  }

  /**
   * Writes a stack read from a file of the first format in the current one, through the same atomic replace as any
   * write. A disk that refuses it keeps the old file, which the next start reads again.
   */
  private void upgrade(String name) {
    StoredStack s = stacks.get(name);
    if (s == null || s.deleting()) {
      return; // a removal in progress: its file goes away soon, and a marker must not be replaced by a .json
    }
    try {
      put(s);
      log.info("stored stack {} rewritten in the current stack file format", name);
    } catch (StateWriteException e) {
      log.warn("cannot rewrite stored stack {} in the current format ({}); it stays in the old one", name,
          e.getMessage());
    }
  }

  /** Reads one stack file into memory, or records why it cannot; true when it is of an older format. */
  private boolean read(Path file, String name) {
    String reason;
    try {
      StackFile.Contents c = format.read(Files.readAllBytes(file), name);
      stacks.put(name, c.stack());
      return c.oldFormat();
    } catch (StackFile.Unusable e) {
      reason = e.getMessage();
    } catch (AccessDeniedException e) {
      reason = "permission denied: the agent's user cannot read it";
    } catch (IOException | RuntimeException e) {
      reason = "cannot be read: " + e.getMessage();
    }
    // Kept for a person to look at and reported (API, event); never overwritten except by a new submit.
    log.error("cannot read stored stack {}, leaving it and the stack's containers alone: {}", file, reason);
    unreadable.put(name, new UnreadableStack(name, file, reason));
    return false;
  }

  /**
   * A stack file renamed to ask for its removal (see {@link #markForRemoval}). A {@code .json} of the same name was
   * written after the rename (a put only removes the marker once its own file is in place): that one wins.
   */
  private void readRemoval(Path file, String name, boolean volumes) {
    if (stacks.containsKey(name) || unreadable.containsKey(name)) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("cannot delete the stale removal marker {}: {}", file, StorageFailure.of(e).cause());
      }
      return;
    }
    read(file, name);
    stacks.computeIfPresent(name, (n, stored) -> stored.markedForRemoval(volumes));
  }

  /**
   * Stores the request to remove the stack, which needs no free space: when the state dir cannot take a new file
   * (full disk) the stack's own file is renamed to say so instead, an atomic rename that allocates nothing. What a
   * removal needs from the file is only the stack's name and whether volumes go too; the rename keeps both. A user
   * must be able to free space by removing a stack, not be told to free space first.
   */
  public synchronized void markForRemoval(String name, boolean removeVolumes) {
    StoredStack current = stacks.get(name);
    if (current == null) {
      throw new IllegalArgumentException("no stored stack " + name);
    }
    StoredStack next = current.markedForRemoval(removeVolumes);
    try {
      put(next);
      return;
    } catch (StateWriteException e) {
      log.warn("cannot write the removal of stack {} ({}); renaming its file to record it instead", name,
          e.getMessage());
      try {
        Files.move(dir.resolve(name + SUFFIX), dir.resolve(name + (next.removeVolumes() ? REMOVING_VOLUMES
            : REMOVING)), StandardCopyOption.ATOMIC_MOVE);
        // An earlier marker without volumes would be read after this one: only one may stay.
        if (next.removeVolumes()) {
          Files.deleteIfExists(dir.resolve(name + REMOVING));
        }
      } catch (IOException renameFailure) {
        e.addSuppressed(renameFailure);
        throw e;
      }
    }
    stacks.put(name, next);
    try {
      syncDirectory();
    } catch (IOException e) {
      log.warn("marked stack {} for removal, but syncing {} failed ({}): a power loss may undo it", name, dir,
          StorageFailure.of(e).cause());
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

  /** True when this agent manages the stack: it was submitted here (and is not yet removed). */
  public boolean holds(String name) {
    return stacks.containsKey(name);
  }

  public List<StoredStack> all() {
    return stacks.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /** Stack files found at start that could not be read, by stack name. */
  public Optional<UnreadableStack> unreadable(String name) {
    return Optional.ofNullable(unreadable.get(name));
  }

  public List<UnreadableStack> unreadable() {
    return unreadable.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /**
   * Stores {@code stack}, replacing an unreadable file of the same name. Throws {@link StateWriteException} when the
   * state dir refuses the write; the stack is then as it was, on disk and in memory.
   */
  public synchronized void put(StoredStack stack) {
    Path target = dir.resolve(stack.name() + SUFFIX);
    byte[] bytes = format.write(stack);
    try {
      StateDir.replaceAtomically(target, bytes, writeStep);
    } catch (IOException e) {
      throw new StateWriteException(dir, e);
    }
    // The rename is the commit: from here the new version is what a restarted agent reads.
    stacks.put(stack.name(), stack);
    unreadable.remove(stack.name());
    deleteRemovalMarkers(stack.name());
    try {
      syncDirectory();
    } catch (IOException e) {
      log.warn("stored stack {}, but syncing {} failed ({}): a power loss may undo the write", stack.name(), dir,
          StorageFailure.of(e).cause());
    }
  }

  /**
   * Stores the rollout states of the stack's version {@code generation}; false (and nothing written) when the stack
   * changed meanwhile: the next pass decides again from the new version.
   */
  public synchronized boolean putRollouts(String name, long generation, Map<String, RolloutState> rollouts) {
    StoredStack current = stacks.get(name);
    if (current == null || current.generation() != generation) {
      return false;
    }
    if (!current.rollouts().equals(rollouts)) {
      put(current.withRollouts(rollouts));
    }
    return true;
  }

  /** Stores {@code next} only if the stack is still at {@code generation}; says whether it did. */
  public synchronized boolean replaceIf(String name, long generation, StoredStack next) {
    StoredStack current = stacks.get(name);
    if (current == null || current.generation() != generation) {
      return false;
    }
    put(next);
    return true;
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

  /** After a put, the stack's .json is what counts; a marker from a removal on a full disk is stale. */
  private void deleteRemovalMarkers(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name + REMOVING));
      Files.deleteIfExists(dir.resolve(name + REMOVING_VOLUMES));
    } catch (IOException e) {
      // Harmless: at the next start the .json wins over the marker.
      log.warn("cannot delete the removal marker of stack {}: {}", name, StorageFailure.of(e).cause());
    }
  }

  public synchronized void remove(String name) {
    try {
      Files.deleteIfExists(dir.resolve(name + REMOVING));
      Files.deleteIfExists(dir.resolve(name + REMOVING_VOLUMES));
      Files.deleteIfExists(dir.resolve(name + SUFFIX));
    } catch (IOException e) {
      throw new StateWriteException(dir, e);
    }
    stacks.remove(name);
    try {
      syncDirectory();
    } catch (IOException e) {
      log.warn("removed stack {}, but syncing {} failed ({}): a power loss may bring it back", name, dir,
          StorageFailure.of(e).cause());
    }
  }
}
