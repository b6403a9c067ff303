package io.orch.api.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The hand-written OpenAPI 3 description of the API ({@code openapi.json} next to this class), served as is at
 * {@value #PATH}. OpenApiDocumentTest keeps it in step with the route table.
 */
final class OpenApiDocument {
  static final String PATH = "/v1/openapi.json";
  static final String RESOURCE = "openapi.json";
  private static final String TEXT = load();

  private OpenApiDocument() {}

  static String text() {
    return TEXT;
  }

  static ApiReply reply() {
    return new ApiReply.Text(200, "application/json", TEXT);
  }

  private static String load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath next to OpenApiDocument");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
