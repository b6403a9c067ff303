package io.orch.api.client;

import java.util.Optional;

/**
 * Parses a {@code text/event-stream} line by line (the WHATWG rules the agent needs: {@code id}, {@code event},
 * {@code data} over several lines, comments, a blank line dispatching the message). Not thread-safe: one per stream.
 */
final class ServerSentEvents {
  /** One dispatched message; {@code data} is null for a message that carried none (e.g. only {@code retry:}). */
  record Message(String id, String event, String data) {}

  private String id;
  private String event;
  private StringBuilder data;

  Optional<Message> line(String line) {
    if (line.isEmpty()) {
      Message m = new Message(id, event, data == null ? null : data.toString());
      event = null;
      data = null; // the id persists across messages, as the spec says
      return m.data() == null && m.event() == null ? Optional.empty() : Optional.of(m);
    }
    if (line.startsWith(":")) {
      return Optional.empty(); // comment: a heartbeat
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "id" -> id = value;
      case "event" -> event = value;
      case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      default -> { } // retry and unknown fields: nothing for this client to do
    }
    return Optional.empty();
  }
}
