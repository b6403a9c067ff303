package io.orch.agent.state;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.orch.core.load.Diagnostic;
import io.orch.core.load.LoadResult;
import io.orch.core.load.StackLoader;
import io.orch.core.load.StackWriter;
import io.orch.core.model.MountSpec;
import io.orch.core.model.NetworkSpec;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import io.orch.core.model.VolumeSpec;
import io.orch.core.rollout.RolloutState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one stack file in the state dir holds: the stack in its one form, the normalized Compose text that the CLI
 * sends ({@link StackWriter#toStored}, read back by {@link StackLoader#readStored}), inside a JSON envelope of the
 * agent's bookkeeping (generation, removal, restart generations, rollouts, profiles). One file per stack, so one
 * atomic rename commits a stack and its bookkeeping together.
 *
 * <p>The previous specs that {@code orch rollback} returns to are a second Compose document: the stack with each
 * such service's previous spec in place of its current one (so every {@code depends_on}, shared namespace and
 * network it names is there to validate against), and the names of those services. The model records have no JSON
 * form: regrouping their fields leaves this format as it is.
 *
 * <p>Files of the first format (the model as Jackson JSON, {@link LegacyStackFile}) are still read.
 */
final class StackFile {
  private static final Logger log = LoggerFactory.getLogger(StackFile.class);
  /** 1 was the model as JSON (no format field); 2 is the Compose text in an envelope. */
  static final int FORMAT = 2;

  /** Format 2 as stored. {@code stack} and {@code previousStack} are Compose text; the rest is bookkeeping. */
  record Envelope(int format, long generation, Instant submittedAt, boolean deleting, boolean removeVolumes,
      Map<String, Long> restartGenerations, Map<String, RolloutState> rollouts, Set<String> profiles,
      String stack, List<String> previousServices, String previousStack) {}

  /** A stack read from a file; {@code oldFormat} when it should be written again in the current one. */
  record Contents(StoredStack stack, boolean oldFormat) {}

  /** The file cannot be used: {@link #getMessage()} says why, for {@link UnreadableStack}. */
  static final class Unusable extends Exception {
    Unusable(String reason) {
      super(reason);
    }
  }

  private final ObjectMapper json = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  byte[] write(StoredStack s) {
    boolean hasPrevious = !s.previousSpecs().isEmpty();
    Envelope e = new Envelope(FORMAT, s.generation(), s.submittedAt(), s.deleting(), s.removeVolumes(),
        s.restartGenerations(), s.rollouts(), s.profiles(), StackWriter.toStored(s.stack()),
        hasPrevious ? List.copyOf(s.previousSpecs().keySet()) : null,
        hasPrevious ? StackWriter.toStored(withPrevious(s.stack(), s.previousSpecs())) : null);
    try {
      return json.writeValueAsBytes(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot serialize stack " + s.name(), ex); // strings, numbers and maps
    }
  }

  /** Reads the file of stack {@code name}: its stack, or {@link Unusable} with the reason. */
  Contents read(byte[] bytes, String name) throws Unusable, IOException {
    JsonNode tree;
    try {
      tree = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
    if (tree == null || !tree.isObject()) {
      throw new Unusable("holds no stack");
    }
    try {
      if (LegacyStackFile.isLegacy(tree)) {
        return new Contents(checked(LegacyStackFile.read(tree, json), name), true);
      }
      Envelope e = json.treeToValue(tree, Envelope.class);
      if (e.format() > FORMAT) {
        throw new Unusable("written by a newer orch (format " + e.format() + "; this agent reads up to " + FORMAT
            + ")");
      }
      if (e.stack() == null) {
        throw new Unusable("holds no stack");
      }
      Stack stack = load(e.stack(), "stack", name);
      Map<String, ServiceSpec> previous = previousSpecs(e, name);
      return new Contents(checked(new StoredStack(stack, e.generation(), e.submittedAt(), e.deleting(),
          e.removeVolumes(), e.restartGenerations(), previous, e.rollouts(), e.profiles()), name), false);
    } catch (JsonProcessingException ex) {
      throw notJson(ex);
    }
  }

  private static StoredStack checked(StoredStack s, String name) throws Unusable {
    if (s == null || s.stack() == null) {
      throw new Unusable("holds no stack");
    }
    if (!name.equals(s.name())) {
      throw new Unusable("holds stack " + s.name() + ", not " + name);
    }
    return s;
  }

  private static Unusable notJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return new Unusable("not a valid stack file" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
        + at.getColumnNr()) + ": " + e.getOriginalMessage());
  }

  /** The Compose text of field {@code field}, read as the agent read the submission. */
  private static Stack load(String yaml, String field, String name) throws Unusable {
    LoadResult r = StackLoader.readStored(yaml, field, name);
    if (!r.ok()) {
      throw new Unusable("its " + field + " does not load: " + r.errors().stream().map(Diagnostic::toString)
          .findFirst().orElse("no stack"));
    }
    return r.stack();
  }

  /**
   * The previous specs are bookkeeping for {@code orch rollback}, not the desired state: a document that no longer
   * loads costs the rollback history (logged), never the stack.
   */
  private static Map<String, ServiceSpec> previousSpecs(Envelope e, String name) {
    if (e.previousStack() == null || e.previousServices() == null) {
      return Map.of();
    }
    Stack previous;
    try {
      previous = load(e.previousStack(), "previousStack", name);
    } catch (Unusable u) {
      log.warn("stack {}: the previous specs kept for rollback cannot be read ({}); orch rollback has none",
          name, u.getMessage());
      return Map.of();
    }
    Map<String, ServiceSpec> specs = new TreeMap<>();
    e.previousServices().forEach(service -> {
      ServiceSpec spec = previous.service(service);
      if (spec != null) {
        specs.put(service, spec);
      }
    });
    return specs;
  }

  /**
   * The stack with each previous spec in place of the current one, declaring every network and volume those specs
   * name (one the stack has since dropped gets a default declaration: only the service specs are read back).
   */
  static Stack withPrevious(Stack stack, Map<String, ServiceSpec> previousSpecs) {
    Map<String, ServiceSpec> services = new TreeMap<>(stack.services());
    services.putAll(previousSpecs);
    Map<String, NetworkSpec> networks = new TreeMap<>(stack.networks());
    Map<String, VolumeSpec> volumes = new TreeMap<>(stack.volumes());
    previousSpecs.values().forEach(spec -> {
      spec.networks().keySet().forEach(n -> networks.computeIfAbsent(n, NetworkSpec::bridge));
      spec.volumes().stream().filter(m -> m.type() == MountSpec.Type.VOLUME && m.source() != null)
          .forEach(m -> volumes.computeIfAbsent(m.source(), VolumeSpec::local));
    });
    return new Stack(stack.name(), services, networks, volumes);
  }
}
