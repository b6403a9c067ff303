package io.orch.core.plan;

import io.orch.core.model.HostOptions;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which fields of a service spec changed between two versions, named as in the stack file ({@code image},
 * {@code environment}, {@code stop_grace_period}, {@code x-orch}; the host options by their own keys, e.g.
 * {@code ulimits}). Only fields that change the containers (their spec hash) are named: a changed {@code depends_on}
 * or {@code replicas} alone replaces nothing, so it does not explain a replacement. When no single field explains the
 * new hash (only a combination does), every changed field is named. A rebuilt image (same tag, new id) shows in
 * the spec only as the {@link Labels#COMPOSE_IMAGE} label that {@code up --build} stamps; it is named
 * {@code image (rebuilt)}, and {@code labels} only when the file's own labels changed too.
 */
public final class SpecDiff {
  /** The groups of a ServiceSpec whose keys are named one by one, as they were before the record was grouped. */
  private static final List<Class<?>> GROUPS = List.of(ServiceSpec.Process.class, ServiceSpec.Networking.class,
      ServiceSpec.Storage.class, ServiceSpec.Deploy.class);
  /** Every key: a top-level component, or a component of one of the {@link #GROUPS}. */
  private static final List<Key> KEYS = keys();

  /** One key: {@code top} of ServiceSpec, and within it {@code inner} when {@code top} is a group. */
  private record Key(RecordComponent top, RecordComponent inner) {
    String name() {
      return (inner != null ? inner : top).getName();
    }

    Object read(ServiceSpec spec) {
      Object value = SpecDiff.read(top, spec);
      return inner == null ? value : SpecDiff.read(inner, (Record) value);
    }
  }

  private SpecDiff() {}

  /** The changed fields, sorted; empty when the two specs are equal. */
  public static List<String> changedFields(Stack stack, ServiceSpec before, ServiceSpec after) {
    List<Key> differing = new ArrayList<>();
    for (Key key : KEYS) {
      if (!key.name().equals("name") && !Objects.equals(key.read(before), key.read(after))) {
        differing.add(key);
      }
    }
    String baseline = EngineSpecs.hashOf(stack, before);
    TreeSet<String> explaining = new TreeSet<>();
    for (Key key : differing) {
      ServiceSpec alone = swapped(before, key, key.read(after));
      // A field that cannot change alone (the spec would be invalid) is taken as one that explains the change.
      if (alone == null || !EngineSpecs.hashOf(stack, alone).equals(baseline)) {
        explaining.addAll(names(key, key.read(before), key.read(after)));
      }
    }
    if (explaining.isEmpty()) {
      differing.forEach(key -> explaining.addAll(names(key, key.read(before), key.read(after))));
    }
    return List.copyOf(explaining);
  }

  private static List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    for (RecordComponent top : ServiceSpec.class.getRecordComponents()) {
      if (GROUPS.contains(top.getType())) {
        for (RecordComponent inner : top.getType().getRecordComponents()) {
          keys.add(new Key(top, inner));
        }
      } else {
        keys.add(new Key(top, null));
      }
    }
    return List.copyOf(keys);
  }

  /** {@code spec} with one key set to {@code value}; null when that spec would be invalid. */
  private static ServiceSpec swapped(ServiceSpec spec, Key key, Object value) {
    try {
      Object topValue = value;
      if (key.inner() != null) {
        topValue = withComponent((Record) read(key.top(), spec), key.inner(), value);
      }
      return (ServiceSpec) withComponent(spec, key.top(), topValue);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Record withComponent(Record record, RecordComponent component, Object value)
      throws ReflectiveOperationException {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = components[i].getName().equals(component.getName()) ? value : read(components[i], record);
    }
    Constructor<?> canonical = record.getClass().getDeclaredConstructor(
        Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    return (Record) canonical.newInstance(values);
  }

  private static List<String> names(Key key, Object before, Object after) {
    String name = key.inner() == null ? key.name() : "";
    if (name.equals("orch")) {
      return List.of("x-orch");
    }
    if (name.equals("host") && before instanceof HostOptions b && after instanceof HostOptions a) {
      List<String> names = new ArrayList<>();
      for (RecordComponent c : HostOptions.class.getRecordComponents()) {
        if (!Objects.equals(read(c, b), read(c, a))) {
          names.add(c.getName().equals("blkio") ? "blkio_config" : snake(c.getName()));
        }
      }
      return names;
    }
    if (name.equals("labels") && before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
      return labelNames(b, a);
    }
    return List.of(snake(key.name()));
  }

  private static List<String> labelNames(Map<?, ?> before, Map<?, ?> after) {
    List<String> names = new ArrayList<>();
    if (!Objects.equals(before.get(Labels.COMPOSE_IMAGE), after.get(Labels.COMPOSE_IMAGE))) {
      names.add("image (rebuilt)");
    }
    Map<Object, Object> userBefore = new HashMap<>(before);
    Map<Object, Object> userAfter = new HashMap<>(after);
    userBefore.remove(Labels.COMPOSE_IMAGE);
    userAfter.remove(Labels.COMPOSE_IMAGE);
    if (!userBefore.equals(userAfter)) {
      names.add("labels");
    }
    return names;
  }

  /** {@code stopGracePeriod} -> {@code stop_grace_period}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder();
    for (char ch : camel.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        out.append('_').append(Character.toLowerCase(ch));
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }
}
