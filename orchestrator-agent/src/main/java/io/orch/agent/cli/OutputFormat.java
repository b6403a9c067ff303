package io.orch.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintWriter;

/** `--output table|json`: JSON for scripts, a table for people. */
enum OutputFormat {
  TABLE, JSON, YAML;

  private static final ObjectMapper JSON_MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  static void printJson(PrintWriter out, Object value) {
    try {
      out.println(JSON_MAPPER.writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw CliException.failed("cannot render JSON: " + e.getMessage());
    }
  }
}
