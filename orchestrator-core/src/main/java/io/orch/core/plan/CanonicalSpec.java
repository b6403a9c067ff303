package io.orch.core.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.impl.UnwrappingBeanPropertyWriter;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.orch.core.engine.ContainerSpec;
import io.orch.core.model.HealthCheck;
import io.orch.core.model.HostOptions;
import io.orch.core.model.MountSpec;
import io.orch.core.model.PortSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical JSON the spec hash is taken over, and the rule that keeps it stable: every running container carries
 * the hash of this text, so a change to it replaces every container on upgrade.
 *
 * <ul>
 *   <li>The JSON is flat as it was before the records were grouped: a component marked {@code @JsonUnwrapped} (a
 *       Java-only group such as {@link ContainerSpec.Process}) lends its properties to the enclosing object. Objects
 *       and maps are written with their keys sorted (then, in an object, getter-only properties such as PortSpec's
 *       hostRange), so grouping, declaration and insertion order never matter.
 *   <li>{@link #FROZEN} lists, per record, the properties that existed when the hash was frozen: they are always
 *       written, even at their default, because today's hashes include them. Every other property (every field added
 *       since) is written only when it is not at its default (null, false, 0 for a primitive, an empty collection
 *       or map, or a record whose components are all at their default). So adding a field, or a whole group, never
 *       changes the hash of a spec that does not use it; {@code SpecHashPinTest} pins the values.
 * </ul>
 */
final class CanonicalSpec {
  /** The properties written even at their default: never add to this list (a new field must not be in it). */
  static final Map<Class<?>, Set<String>> FROZEN = Map.ofEntries(
      Map.entry(ContainerSpec.class, Set.of("name", "image", "labels", "healthcheck")),
      Map.entry(ContainerSpec.Process.class, Set.of("command", "entrypoint", "environment", "user", "workingDir",
          "capAdd", "capDrop", "readOnly", "init", "privileged", "stopSignal", "stopGracePeriod")),
      Map.entry(ContainerSpec.Networking.class,
          Set.of("hostname", "ports", "exposedPorts", "networkMode", "networks")),
      Map.entry(ContainerSpec.Storage.class, Set.of("mounts")),
      Map.entry(ContainerSpec.Limits.class, Set.of("cpus", "memoryBytes", "pidsLimit")),
      Map.entry(ContainerSpec.NetworkAttachment.class, Set.of("network", "aliases")),
      Map.entry(ContainerSpec.ContainerFile.class,
          Set.of("target", "uid", "gid", "mode", "hostFile", "content", "digest", "bindMount")),
      // hostRange: isHostRange(), a getter to Jackson, was always in the hashed JSON.
      Map.entry(PortSpec.class, Set.of("hostIp", "published", "target", "protocol", "hostRange")),
      Map.entry(MountSpec.class, Set.of("type", "source", "target", "readOnly", "tmpfsSizeBytes")),
      Map.entry(HealthCheck.class,
          Set.of("test", "interval", "timeout", "retries", "startPeriod", "startInterval")),
      Map.entry(HostOptions.class, Set.of("ulimits", "sysctls", "securityOpt", "extraHosts", "dns", "dnsSearch",
          "dnsOpt", "shmSizeBytes", "devices", "stdinOpen", "tty", "logging", "platform", "runtime", "groupAdd",
          "oomScoreAdj", "oomKillDisable", "macAddress", "cgroupParent", "domainname", "storageOpt", "usernsMode",
          "cpuShares", "cpuset", "memReservationBytes", "memswapLimitBytes")),
      Map.entry(HostOptions.Ulimit.class, Set.of("soft", "hard")),
      Map.entry(HostOptions.Logging.class, Set.of("driver", "options")));

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new SimpleModule().setSerializerModifier(new OmitNewDefaults()))
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .build();

  private CanonicalSpec() {}

  static String json(Object spec) {
    try {
      return MAPPER.writeValueAsString(rootSorted(MAPPER.valueToTree(spec)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(spec.getClass().getSimpleName() + " is not serializable to JSON", e);
    }
  }

  // Unwrapped groups land where their component sits; sorting the top-level keys again restores the one order the
  // flat record had. Nested objects keep Jackson's order (record components sorted, then getter-only properties such
  // as PortSpec's hostRange), which is what today's hashes were taken over.
  private static Map<String, JsonNode> rootSorted(JsonNode root) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  /** Whether a value is its type's default: such a value of a property added after the freeze is left out. */
  static boolean isDefault(Object value, boolean primitive) {
    if (value == null) {
      return true;
    }
    if (value instanceof Collection<?> c) {
      return c.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return m.isEmpty();
    }
    if (value instanceof Optional<?> o) {
      return o.isEmpty();
    }
    if (primitive && value instanceof Boolean b) {
      return !b;
    }
    if (primitive && value instanceof Number n) {
      return n.doubleValue() == 0;
    }
    if (value instanceof Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          if (!isDefault(c.getAccessor().invoke(r), c.getType().isPrimitive())) {
            return false;
          }
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + c, e);
        }
      }
      return true;
    }
    return false;
  }

  private static final class OmitNewDefaults extends BeanSerializerModifier {
    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription desc,
        List<BeanPropertyWriter> props) {
      Set<String> frozen = FROZEN.getOrDefault(desc.getBeanClass(), Set.of());
      List<BeanPropertyWriter> out = new ArrayList<>(props.size());
      for (BeanPropertyWriter p : props) {
        // An unwrapped group stays as it is: its own properties are filtered where the group is serialized.
        boolean keep = frozen.contains(p.getName()) || p instanceof UnwrappingBeanPropertyWriter;
        out.add(keep ? p : new OmittedAtDefault(p));
      }
      return out;
    }
  }

  /** A property written only when it is not at its default. */
  private static final class OmittedAtDefault extends BeanPropertyWriter {
    OmittedAtDefault(BeanPropertyWriter base) {
      super(base);
    }

    @Override
    protected BeanPropertyWriter _new(PropertyName newName) {
      return new OmittedAtDefault(super._new(newName));
    }

    @Override
    public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
      if (!isDefault(get(bean), getType().isPrimitive())) {
        super.serializeAsField(bean, gen, prov);
      }
    }
  }
}
