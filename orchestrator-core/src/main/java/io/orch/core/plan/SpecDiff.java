package io.orch.core.plan;

import io.orch.core.model.HostOptions;
import io.orch.core.model.ServiceSpec;
import io.orch.core.model.Stack;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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
  private static final RecordComponent[] COMPONENTS = ServiceSpec.class.getRecordComponents();
  private static final Constructor<ServiceSpec> CANONICAL = canonical();

  private SpecDiff() {}

  /** The changed fields, sorted; empty when the two specs are equal. */
  public static List<String> changedFields(Stack stack, ServiceSpec before, ServiceSpec after) {
    List<Integer> differing = new ArrayList<>();
    Object[] old = values(before);
    Object[] now = values(after);
    for (int i = 0; i < COMPONENTS.length; i++) {
      if (!COMPONENTS[i].getName().equals("name") && !Objects.equals(old[i], now[i])) {
        differing.add(i);
      }
    }
    String baseline = EngineSpecs.hashOf(stack, before);
    TreeSet<String> explaining = new TreeSet<>();
    for (int i : differing) {
      Object[] swapped = old.clone();
      swapped[i] = now[i];
      ServiceSpec alone = construct(swapped);
      // A field that cannot change alone (the spec would be invalid) is taken as one that explains the change.
      if (alone == null || !EngineSpecs.hashOf(stack, alone).equals(baseline)) {
        explaining.addAll(names(i, old[i], now[i]));
      }
    }
    if (explaining.isEmpty()) {
      differing.forEach(i -> explaining.addAll(names(i, old[i], now[i])));
    }
    return List.copyOf(explaining);
  }

  private static List<String> names(int index, Object before, Object after) {
    String name = COMPONENTS[index].getName();
    if (name.equals("orch")) {
      return List.of("x-orch");
    }
    if (name.equals("host") && before instanceof HostOptions b && after instanceof HostOptions a) {
      List<String> names = new ArrayList<>();
      for (RecordComponent c : HostOptions.class.getRecordComponents()) {
        if (!Objects.equals(read(c, b), read(c, a))) {
          names.add(snake(c.getName()));
        }
      }
      return names;
    }
    if (name.equals("labels") && before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
      return labelNames(b, a);
    }
    return List.of(snake(name));
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

  private static Object[] values(ServiceSpec spec) {
    Object[] values = new Object[COMPONENTS.length];
    for (int i = 0; i < COMPONENTS.length; i++) {
      values[i] = read(COMPONENTS[i], spec);
    }
    return values;
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName(), e);
    }
  }

  private static ServiceSpec construct(Object[] values) {
    try {
      return CANONICAL.newInstance(values);
    } catch (InstantiationException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
      return null;
    }
  }

  private static Constructor<ServiceSpec> canonical() {
    try {
      return ServiceSpec.class.getDeclaredConstructor(
          Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }
}
