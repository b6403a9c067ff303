package io.orch.api.server;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps a method and a path to a route. Templates are literal segments and {@code {name}} parameters, e.g.
 * {@code /v1/stacks/{stack}/services/{service}/scale}; the template is kept on the match so metrics can use it
 * as a bounded label. Built once, then read-only (safe to share between event loops).
 */
public final class Router {
  private final List<Route> routes;

  private Router(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Handles one matched request; returns the reply or throws {@link ApiException}. */
  @FunctionalInterface
  public interface RouteHandler {
    ApiReply handle(ApiRequest request) throws Exception;
  }

  /** Where a route's handler runs. */
  public enum Work {
    /** On the event loop: only for handlers that touch no disk, engine or backend. */
    INLINE,
    /** On the read workers: memory and disk, never the engine (status reads, probes). */
    BLOCKING,
    /**
     * On the engine workers: handlers that may wait for the Docker Engine (up to its call deadline), or for a lock
     * such a handler holds. Kept apart so that a stalled engine cannot take every worker from the status reads.
     */
    ENGINE
  }

  /** A route and where its handler runs. */
  public record Route(String method, String template, Work work, RouteHandler handler) {
    List<String> segments() {
      return splitPath(template);
    }

    /** Off the event loop. */
    public boolean blocking() {
      return work != Work.INLINE;
    }
  }

  /** Result of {@link #match}. */
  public sealed interface Match {}

  public record Found(Route route, Map<String, String> params) implements Match {}

  /** The path exists but not for this method; {@code allowed} feeds the {@code Allow} header. */
  public record MethodNotAllowed(Set<String> allowed) implements Match {}

  public record NotFound() implements Match {}

  /** Matches a raw (still percent-encoded) path such as {@code /v1/stacks/web}. */
  public Match match(String method, String rawPath) {
    List<String> path = splitPath(rawPath);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = bind(route.segments(), path);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Found(route, params);
      }
      allowed.add(route.method());
    }
    return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(Set.copyOf(allowed));
  }

  public List<Route> routes() {
    return routes;
  }

  private static Map<String, String> bind(List<String> template, List<String> path) {
    if (template.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String t = template.get(i);
      String p = path.get(i);
      if (t.startsWith("{") && t.endsWith("}")) {
        if (p.isEmpty()) {
          return null;
        }
        params.put(t.substring(1, t.length() - 1), QueryStringDecoder.decodeComponent(p));
      } else if (!t.equals(p)) {
        return null;
      }
    }
    return params;
  }

  // Splitting before decoding keeps an encoded slash (%2F) inside one segment instead of creating a new one.
  private static List<String> splitPath(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    List<String> segments = new ArrayList<>();
    for (String s : trimmed.split("/", -1)) {
      segments.add(s);
    }
    return segments;
  }

  /** Collects routes; the first registered route wins when two templates match the same path. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();

    private Builder() {}

    public Builder inline(String method, String template, RouteHandler handler) {
      routes.add(new Route(method, template, Work.INLINE, handler));
      return this;
    }

    public Builder blocking(String method, String template, RouteHandler handler) {
      routes.add(new Route(method, template, Work.BLOCKING, handler));
      return this;
    }

    public Builder engine(String method, String template, RouteHandler handler) {
      routes.add(new Route(method, template, Work.ENGINE, handler));
      return this;
    }

    public Router build() {
      return new Router(routes);
    }
  }
}
