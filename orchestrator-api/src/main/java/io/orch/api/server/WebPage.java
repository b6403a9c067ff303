package io.orch.api.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's live web page: {@code GET /} and its few assets under {@code /ui/}, read once from the classpath
 * ({@code io/orch/api/ui/}) and served from memory. Every asset is listed here by name, so no request path ever
 * reaches the class loader. The page fetches its data from the JSON API and {@code /v1/events} like any client.
 */
final class WebPage {
  static final String INDEX_PATH = "/";
  private static final String RESOURCE_DIR = "/io/orch/api/ui/";

  /**
   * The page loads nothing from anywhere but the agent; inline scripts and styles are refused too, so an event
   * message that slipped through as HTML could not run. {@code connect-src 'self'} covers fetch and the event stream.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  /** One file of the page: where it is on the classpath and what it is. */
  private record PageFile(String file, String mediaType) {}

  /** Served path -> file. */
  private static final Map<String, PageFile> ASSETS = assets();

  private final Map<String, ApiReply.Asset> replies = new LinkedHashMap<>();

  private WebPage() {
    ASSETS.forEach((path, asset) -> replies.put(path,
        new ApiReply.Asset(200, asset.mediaType(), load(asset.file()), headers())));
  }

  static WebPage load() {
    return new WebPage();
  }

  /** Every path the page serves, in a fixed order ({@code /} first). */
  static Iterable<String> paths() {
    return ASSETS.keySet();
  }

  static boolean serves(String path) {
    return ASSETS.containsKey(path);
  }

  ApiReply reply(String path) {
    ApiReply.Asset asset = replies.get(path);
    if (asset == null) {
      throw ApiException.notFound("no page asset " + path);
    }
    return asset;
  }

  private static Map<String, PageFile> assets() {
    Map<String, PageFile> a = new LinkedHashMap<>();
    a.put(INDEX_PATH, new PageFile("index.html", "text/html; charset=utf-8"));
    a.put("/ui/app.js", new PageFile("app.js", "text/javascript; charset=utf-8"));
    a.put("/ui/style.css", new PageFile("style.css", "text/css; charset=utf-8"));
    a.put("/ui/favicon.svg", new PageFile("favicon.svg", "image/svg+xml"));
    return a;
  }

  /**
   * A local admin page: no caching (a new agent version must not meet an old script in the browser), no sniffing,
   * no framing, no referrer leaving the page.
   */
  private static Map<String, String> headers() {
    return Map.of(
        "Content-Security-Policy", CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options", "nosniff",
        "X-Frame-Options", "DENY",
        "Referrer-Policy", "no-referrer",
        "Cache-Control", "no-store");
  }

  private static byte[] load(String file) {
    try (InputStream in = WebPage.class.getResourceAsStream(RESOURCE_DIR + file)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE_DIR + file + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
