package io.orch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/** `--output table|json`: JSON for scripts, a table for people. */
enum OutputFormat {
  TABLE, JSON, YAML;

  /** In a holder: picocli initialises this enum to parse {@code --output}, and a table needs no mapper. */
  private static final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();
  }

  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(Json.MAPPER.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CliException.failed("cannot render JSON: " + e.getMessage());
    }
  }
}
