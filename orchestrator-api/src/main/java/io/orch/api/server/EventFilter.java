package io.orch.api.server;

import io.orch.api.dto.EventDto;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@code ?stack=&service=&type=} filter of {@code GET /v1/events}. {@code type} is a comma-separated list of
 * types or type prefixes: {@code container} matches {@code container.exited}, {@code container.restarted}, ...
 */
record EventFilter(String stack, String service, List<String> types) implements Predicate<EventDto> {

  static EventFilter of(String stack, String service, String type) {
    List<String> types = type == null || type.isBlank() ? List.of()
        : Arrays.stream(type.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    return new EventFilter(blankToNull(stack), blankToNull(service), types);
  }

  @Override
  public boolean test(EventDto e) {
    return (stack == null || stack.equals(e.stack()))
        && (service == null || service.equals(e.service()))
        && (types.isEmpty() || types.stream().anyMatch(t -> matches(t, e.type())));
  }

  private static boolean matches(String wanted, String type) {
    return type != null && (type.equals(wanted) || type.startsWith(wanted.endsWith(".") ? wanted : wanted + "."));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
