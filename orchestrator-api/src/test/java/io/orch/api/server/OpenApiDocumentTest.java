package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code openapi.json} and the route table in step: every route the server answers is documented with the same
 * methods, and every documented path and method is answered (neither 404 nor 405).
 */
class OpenApiDocumentTest {
  private static final String TOKEN = "t0ken";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ApiServer server;
  private int port;

  @BeforeEach
  void start() throws Exception {
    server = new ApiServer(new ApiConfig("127.0.0.1", 0, TOKEN), new FakeBackend(), RequestListener.NOOP,
        () -> "orch_up 1\n");
    port = server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void everyRouteIsDocumentedWithTheSameMethods() throws Exception {
    Set<String> documented = documentedRoutes();
    Set<String> served = servedRoutes();

    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void everyDocumentedPathAndMethodIsAnswered() throws Exception {
    for (String route : documentedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path = route.substring(route.indexOf(' ') + 1)
          .replace("{stack}", "shop").replace("{service}", "web");
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(10))
          .header("Authorization", "Bearer " + TOKEN)
          .header("Content-Type", "application/json")
          .method(method, "GET".equals(method) ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString("{\"replicas\": 1}"));
      // Streaming routes (events, logs) never end on their own: read the status, then hang up.
      HttpResponse<java.io.InputStream> res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      int status = res.statusCode();
      res.body().close();

      assertThat(status).as(route).isNotIn(404, 405);
    }
  }

  @Test
  void theServedDocumentIsTheResourceAndValidOpenApi3() throws Exception {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode doc = json.readTree(res.body());
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.at("/info/title").asText()).isNotBlank();
    assertThat(doc).isEqualTo(json.readTree(OpenApiDocument.text()));
    // Every $ref points at a schema that exists.
    assertThat(res.body().split("\"#/components/schemas/")).allSatisfy(part -> {
      if (part.contains("\"")) {
        String name = part.substring(0, part.indexOf('"'));
        if (!name.isEmpty() && !part.startsWith("{")) {
          assertThat(doc.at("/components/schemas/" + name).isMissingNode()).as(name).isFalse();
        }
      }
    });
  }

  private Set<String> servedRoutes() {
    Set<String> routes = new TreeSet<>();
    for (Router.Route r : OrchRoutes.router(new FakeBackend(), json, () -> "").routes()) {
      routes.add(r.method() + " " + r.template());
    }
    return routes;
  }

  private Set<String> documentedRoutes() throws Exception {
    JsonNode paths = json.readTree(OpenApiDocument.text()).get("paths");
    Map<String, JsonNode> byPath = new TreeMap<>();
    paths.fields().forEachRemaining(e -> byPath.put(e.getKey(), e.getValue()));
    Set<String> routes = new TreeSet<>();
    byPath.forEach((path, item) -> {
      for (Iterator<String> it = item.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(key)) {
          routes.add(key.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    });
    return routes;
  }
}
