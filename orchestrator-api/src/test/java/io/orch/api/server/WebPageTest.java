package io.orch.api.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /} and its assets: what they are, the headers a local admin page needs, and who may load them. */
class WebPageTest {
  private static final String TOKEN = "s3cret-token";
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private ApiServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = new ApiServer(new ApiConfig("127.0.0.1", 0, TOKEN, 64 * 1024), new FakeBackend());
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void rootServesTheHtmlPageWithAdminPageHeaders() throws Exception {
    HttpResponse<String> res = get(base, "/");

    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(res.body()).contains("<script src=\"/ui/app.js\"", "href=\"/ui/style.css\"");
    assertThat(res.headers().firstValue("content-security-policy")).hasValue(WebPage.CONTENT_SECURITY_POLICY);
    assertThat(WebPage.CONTENT_SECURITY_POLICY).contains("default-src 'none'", "script-src 'self'",
        "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe", "http");
    assertThat(res.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(res.headers().firstValue("cache-control")).hasValue("no-store");
    assertThat(res.headers().firstValue("content-length")).hasValue(String.valueOf(res.body().getBytes(
        java.nio.charset.StandardCharsets.UTF_8).length));
  }

  @Test
  void everyAssetThePageReferencesIsServedWithItsMediaTypeAndNothingPointsOutside() throws Exception {
    String html = get(base, "/").body();
    Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    int found = 0;
    while (refs.find()) {
      String ref = refs.group(1);
      assertThat(ref).as("asset reference").startsWith("/ui/");
      HttpResponse<String> res = get(base, ref);
      assertThat(res.statusCode()).as(ref).isEqualTo(200);
      assertThat(res.headers().firstValue("x-content-type-options")).as(ref).hasValue("nosniff");
      found++;
    }
    assertThat(found).isEqualTo(3);
    assertThat(get(base, "/ui/app.js").headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
    assertThat(get(base, "/ui/style.css").headers().firstValue("content-type")).hasValue("text/css; charset=utf-8");
    // The script talks to the agent only, by path; no absolute URL anywhere (the SVG namespace is a name, not a fetch).
    assertThat(get(base, "/ui/app.js").body().replace("'http://www.w3.org/2000/svg'", ""))
        .doesNotContain("http://", "https://", "//cdn");
  }

  @Test
  void headAnswersThePageAndTheProbesWithTheirHeadersAndNoBody() throws Exception {
    for (String path : List.of("/", "/ui/app.js", "/healthz", "/readyz")) {
      HttpResponse<String> got = get(base, path);
      HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(base + path))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(head.statusCode()).as(path).isEqualTo(200);
      assertThat(head.body()).as(path).isEmpty();
      assertThat(head.headers().firstValue("content-type")).as(path).isEqualTo(got.headers().firstValue("content-type"));
      assertThat(head.headers().firstValue("content-length")).as(path)
          .isEqualTo(got.headers().firstValue("content-length"));
    }
    // Not the streams: a HEAD there would hold a connection open with nothing to say.
    HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(events.statusCode()).isEqualTo(405);
    assertThat(events.headers().firstValue("allow")).hasValue("GET");
  }

  @Test
  void anUnknownAssetIsA404AndNoPathReachesTheClasspath() throws Exception {
    for (String path : List.of("/ui/missing.js", "/ui/../server/openapi.json", "/ui/%2e%2e/app.js", "/index.html")) {
      assertThat(get(base, path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void tokenInThePageIsNeverNeededToLoadItButTheApiStillWantsIt() throws Exception {
    // Off loopback the page's files stay open (a browser cannot send a Bearer header when opening a URL); the data
    // and every action still need the token.
    try (ApiServer exposed = new ApiServer(new ApiConfig("0.0.0.0", 0, TOKEN), new FakeBackend())) {
      String remote = "http://127.0.0.1:" + exposed.start();
      for (String path : List.of("/", "/ui/app.js", "/ui/style.css", "/ui/favicon.svg")) {
        assertThat(get(remote, path).statusCode()).as(path).isEqualTo(200);
      }
      assertThat(get(remote, "/v1/stacks").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void thePageIsReadOnlyToo() throws Exception {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(res.statusCode()).isEqualTo(405);
    assertThat(res.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  private HttpResponse<String> get(String origin, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(origin + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
